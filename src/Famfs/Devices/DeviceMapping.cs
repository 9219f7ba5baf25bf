using Famfs.Errors;
using Famfs.Interop;

namespace Famfs.Devices;

/// <summary>
/// A shared mapping of one byte range of a <see cref="MemoryDevice"/>. Offsets given to its
/// accessors are relative to <see cref="DeviceOffset"/>. The spans it returns point straight
/// into device memory (zero-copy) and are valid until the mapping is disposed.
/// </summary>
public sealed unsafe class DeviceMapping : IDisposable
{
    private readonly SafeMappingHandle _handle;

    internal DeviceMapping(MemoryDevice device, SafeMappingHandle handle, ulong deviceOffset, bool writable)
    {
        Device = device;
        _handle = handle;
        DeviceOffset = deviceOffset;
        Writable = writable;
    }

    public MemoryDevice Device { get; }

    /// <summary>Where the mapping starts on the device.</summary>
    public ulong DeviceOffset { get; }

    public ulong Length => _handle.Length;

    public bool Writable { get; }

    internal nint Address => _handle.Address;

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

    public void Dispose() => _handle.Dispose();

    private nint Pointer(ulong offset, int length)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (length < 0 || offset > Length || (ulong)length > Length - offset)
        {
            throw new ArgumentOutOfRangeException(nameof(offset),
                $"[{offset}, {offset + (ulong)Math.Max(length, 0)}) is outside this {Length}-byte mapping of {Device.Path}");
        }

        return Address + (nint)offset;
    }
}
