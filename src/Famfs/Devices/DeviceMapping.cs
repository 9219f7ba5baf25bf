using Famfs.Errors;
using Famfs.Interop;
using Famfs.Lifecycle;

namespace Famfs.Devices;

/// <summary>
/// A shared mapping of one byte range of a <see cref="MemoryDevice"/>. Offsets given to its
/// accessors are relative to <see cref="DeviceOffset"/>. It is a tracked raw device view
/// (<see cref="RawDeviceView"/>): registered in the device's <see cref="DeviceRangeIndex"/>, so
/// an exclusive claim or a memory failure over its range revokes it, and its accessors then
/// throw <see cref="MappingRevokedException"/>. The spans it returns point straight into device
/// memory (zero-copy); one held across a revocation faults when used (see docs/LIFECYCLE.md),
/// so code that must survive revocation reads through <see cref="Handle"/>'s read sections.
/// </summary>
public sealed unsafe class DeviceMapping : IDisposable
{
    internal DeviceMapping(MemoryDevice device, MappingHandle handle)
    {
        Device = device;
        Handle = handle;
    }

    public MemoryDevice Device { get; }

    /// <summary>The lifecycle handle behind this view: its read sections are the revocation-safe way in.</summary>
    public MappingHandle Handle { get; }

    /// <summary>Where the mapping starts on the device.</summary>
    public ulong DeviceOffset => Handle.Range.Offset;

    public ulong Length => Handle.Range.Length;

    public bool Writable => Handle.Writable;

    internal nint Address => Handle.Address;

    /// <summary>A read-only view of [offset, offset + length) of this mapping.</summary>
    public ReadOnlySpan<byte> Read(ulong offset, int length) => new((void*)Pointer(offset, length), length);

    /// <summary>A writable view of [offset, offset + length) of this mapping.</summary>
    public Span<byte> Write(ulong offset, int length)
    {
        if (!Writable)
        {
            throw new FamfsException(Errno.EROFS, $"mapping of {Device.Path} is read-only");
        }

        return new Span<byte>((void*)Pointer(offset, length), length);
    }

    /// <summary>Writes back [offset, offset + length) to the backing device (msync MS_SYNC).</summary>
    public void Sync(ulong offset, ulong length)
    {
        var start = (ulong)Pointer(offset, 0) & ~4095UL;
        var end = (ulong)Address + offset + length;
        if (Libc.Msync((nint)start, (nuint)(end - start), Libc.MS_SYNC) != 0)
        {
            throw NativeErrors.ForLastError($"msync {Device.Path}");
        }
    }

    public void Dispose() => Handle.Dispose();

    private nint Pointer(ulong offset, int length)
    {
        if (Handle.IsDisposed)
        {
            throw new ObjectDisposedException(Handle.ToString());
        }

        Handle.ThrowIfUnusable();
        if (length < 0 || offset > Length || (ulong)length > Length - offset)
        {
            throw new ArgumentOutOfRangeException(nameof(offset),
                $"[{offset}, {offset + (ulong)Math.Max(length, 0)}) is outside this {Length}-byte mapping of {Device.Path}");
        }

        return Address + (nint)offset;
    }
}
