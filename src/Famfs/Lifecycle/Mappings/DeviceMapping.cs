using System.Runtime.Intrinsics;
using Famfs.Devices;
using Famfs.Errors;
using Famfs.Interop;

namespace Famfs.Lifecycle;

/// <summary>
/// A shared mapping of one byte range of a <see cref="MemoryDevice"/>. Offsets given to its
/// accessors are relative to <see cref="DeviceOffset"/>. It is a tracked raw device view
/// (<see cref="RawDeviceView"/>): registered in the device's <see cref="DeviceRangeIndex"/>, so
/// an exclusive claim or a memory failure over its range revokes it, and its accessors then
/// throw <see cref="MappingRevokedException"/>. The spans it returns point straight into device
/// memory (zero-copy); one held across a revocation faults when used (see docs/LIFECYCLE.md),
/// so code that must survive revocation reads through <see cref="Handle"/>'s read sections.
/// </summary>
internal sealed unsafe class DeviceMapping : IDisposable
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
    public ulong DeviceOffset => Handle.Range.Start;

    public ulong Length => Handle.Range.Bytes;

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

    /// <summary>
    /// Makes [offset, offset + length) durable in the device: msync for files and block devices,
    /// a processor-cache write-back for device-dax (see <see cref="MemoryDevice.Persist"/>).
    /// </summary>
    public void Sync(ulong offset, ulong length)
    {
        var start = Pointer(offset, 0);
        if (length > Length - offset)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"[{offset}, {offset + length}) is outside this {Length}-byte mapping of {Device.Path}");
        }

        Device.Persist(start, length);
    }

    /// <summary>
    /// Stores 16 zero bytes at <paramref name="offset"/> (16-byte aligned in memory) with one
    /// aligned vector store, which processors with AVX perform atomically: a reader sees all
    /// of the old bytes or all zeros, never a mix (mkfs resets both log counters so).
    /// </summary>
    public void ClearAligned16(ulong offset)
    {
        if (!Writable)
        {
            throw new FamfsException(Errno.EROFS, $"mapping of {Device.Path} is read-only");
        }

        Vector128<ulong>.Zero.StoreAligned((ulong*)Pointer(offset, 16));
    }

    /// <summary>
    /// Fills the page tables of [offset, offset + length) for writing in one system call instead
    /// of a fault per page. Best effort: kernels before 5.14 lack it, and nothing changes then.
    /// </summary>
    public void PopulateForWrite(ulong offset, int length)
    {
        var start = (ulong)Pointer(offset, length);
        var page = start & ~((ulong)Environment.SystemPageSize - 1);
        Libc.Madvise((nint)page, (nuint)(start + (ulong)length - page), MadviseAdvice.MADV_POPULATE_WRITE);
    }

    /// <summary>Writes back and invalidates the processor cache lines of the whole mapping.</summary>
    public void FlushProcessorCaches() => Handle.FlushProcessorCaches();

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
