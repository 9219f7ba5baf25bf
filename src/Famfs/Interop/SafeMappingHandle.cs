using System.Runtime.InteropServices;

namespace Famfs.Interop;

/// <summary>
/// Owns one mmap'ed virtual range [address, address + length). Releasing it makes the range
/// inaccessible at once; its addresses are never mapped again while its
/// <see cref="MappingWindow"/> lives, and then (or at once, for a range placed alone) wait in
/// <see cref="AddressQuarantine"/> before they are unmapped.
/// The span accessors of the Devices layer are the only code that turns it into pointers.
/// </summary>
internal sealed class SafeMappingHandle : SafeHandle
{
    /// <summary>The window the mapping was placed in, if any (see <see cref="MappingWindows"/>).</summary>
    private readonly MappingWindow? _window;

    private volatile bool _inaccessible;

    public SafeMappingHandle(nint address, ulong length) : base(invalidHandleValue: 0, ownsHandle: true)
    {
        SetHandle(address);
        Length = length;
    }

    /// <summary>A mapping placed in <paramref name="window"/>: releasing it counts it out of the window.</summary>
    public SafeMappingHandle(nint address, ulong length, MappingWindow window) : this(address, length) => _window = window;

    public override bool IsInvalid => handle == 0;

    public nint Address => handle;

    public ulong Length { get; }

    /// <summary>
    /// Records that the whole range was replaced with an inaccessible anonymous mapping (a
    /// revocation did it), which is exactly a window's reservation: releasing it from a window
    /// then costs no system call.
    /// </summary>
    public void MarkInaccessible() => _inaccessible = true;

    /// <summary>Whether a revocation has replaced the range (<see cref="MarkInaccessible"/>) or it was released.</summary>
    public bool IsInaccessibleOrClosed => _inaccessible || IsClosed;

    /// <summary>
    /// If the range cannot be made inaccessible (the kernel is out of memory for the replacement)
    /// it stays mapped and taken for good: freeing it would let a stale pointer reach whatever
    /// comes next at those addresses.
    /// </summary>
    protected override bool ReleaseHandle()
    {
        if (!_inaccessible && !Mmap.TryReplaceWithInaccessible(handle, Length))
        {
            return false;
        }

        if (_window is { } window)
        {
            MappingWindows.Release(window);
        }
        else
        {
            AddressQuarantine.Hold(handle, Length);
        }

        return true;
    }
}
