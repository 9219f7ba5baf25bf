using Famfs.Errors;
using Famfs.Interop;

namespace Famfs.Devices;

/// <summary>
/// The mapping primitives every kind shares, with what differs by kind decided here: how a
/// range is rounded before it is mapped, and how written bytes are made durable.
/// </summary>
public sealed partial class MemoryDevice
{
    /// <summary>
    /// Maps the device bytes [offset, offset + length) MAP_SHARED, rounded out to
    /// <see cref="MappingGranularity"/> (device-dax refuses anything else). Returns the native
    /// mapping, which may cover more than was asked, and the address of <paramref name="offset"/> in it.
    /// </summary>
    internal (SafeMappingHandle Native, nint Address) MapRange(ulong offset, ulong length, bool writable, string what)
    {
        if (writable && !Writable)
        {
            throw new FamfsException(Errno.EROFS, $"{Path} was opened read-only; {what} cannot be mapped writable", "open the device writable");
        }

        var start = offset - (offset % MappingGranularity);
        var end = offset + length;
        if (Kind == DeviceKind.DaxCharDevice)
        {
            end = checked(end + MappingGranularity - 1) / MappingGranularity * MappingGranularity;
        }

        var native = Mmap.MapShared(Descriptor, (long)start, end - start, writable, Math.Max(MappingAlignment, MappingGranularity), what);
        return (native, native.Address + (nint)(offset - start));
    }

    /// <summary>
    /// Makes bytes written through a mapping of this device durable in the device. Device-dax has
    /// no page cache (msync and fsync fail with EINVAL): the written processor cache lines are
    /// written back, so the memory itself, which other hosts read, holds them. Files and block
    /// devices are mapped through the page cache, which msync(MS_SYNC) writes back.
    /// </summary>
    internal void Persist(nint address, ulong length)
    {
        if (length == 0)
        {
            return;
        }

        if (Kind == DeviceKind.DaxCharDevice)
        {
            CpuCache.FlushRange(address, (nuint)length);
            return;
        }

        var start = (ulong)address & ~(PageSize - 1);
        if (Libc.Msync((nint)start, (nuint)((ulong)address + length - start), MsyncFlags.MS_SYNC) != 0)
        {
            throw NativeErrors.ForLastError($"msync {Path}");
        }
    }

    /// <summary>Copies device bytes out through a short-lived mapping: the only way to read device-dax.</summary>
    private unsafe int ReadThroughMapping(ulong offset, Span<byte> buffer)
    {
        if (offset >= Size || buffer.IsEmpty)
        {
            return 0;
        }

        var count = (int)Math.Min((ulong)buffer.Length, Size - offset);
        var (native, address) = MapRange(offset, (ulong)count, writable: false, $"read of {Path} at offset {offset}");
        using (native)
        {
            new ReadOnlySpan<byte>((void*)address, count).CopyTo(buffer);
        }

        return count;
    }
}
