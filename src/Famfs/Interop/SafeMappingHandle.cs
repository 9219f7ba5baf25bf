using System.Runtime.InteropServices;

namespace Famfs.Interop;

/// <summary>
/// Owns one mmap'ed virtual range [address, address + length). Releasing it unmaps the range.
/// The span accessors of the Devices layer are the only code that turns it into pointers.
/// </summary>
internal sealed class SafeMappingHandle : SafeHandle
{
    public SafeMappingHandle(nint address, ulong length) : base(invalidHandleValue: 0, ownsHandle: true)
    {
        SetHandle(address);
        Length = length;
    }

    public override bool IsInvalid => handle == 0;

    public nint Address => handle;

    public ulong Length { get; }

    protected override bool ReleaseHandle() => Libc.Munmap(handle, (nuint)Length) == 0;
}
