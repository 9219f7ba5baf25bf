using Famfs.Allocation;
using Famfs.Diagnostics;
using Famfs.Errors;
using Microsoft.Win32.SafeHandles;

namespace Famfs.Files;

/// <summary>
/// Fills a writable <see cref="FamfsFile"/> from a regular file, chunk by chunk, by the cheapest
/// route the device allows:
/// <list type="bullet">
/// <item>the kernel's copy_file_range into the device file (a regular-file device and a source
/// on the same file system: one copy, and no page faults, which cost more than the copy on
/// 4 KiB pages);</item>
/// <item>pread into a buffer, pwrite into the device file (a regular-file device, a source
/// elsewhere);</item>
/// <item>read(2) straight into the prefaulted mapping (dax, or cache flushing on).</item>
/// </list>
/// Every chunk is copied inside its own read section, after checking the file is still live.
/// A write through the descriptor cannot be cut off the way PROT_NONE cuts off a copy into
/// the mapping, so chunks are small: a revocation waits for at most one (well under a
/// millisecond), and the next one throws <see cref="Lifecycle.MappingRevokedException"/>.
/// The source is read outside the section, so a slow source never holds up revocations.
/// </summary>
internal sealed class FileCopy(FamfsFile file, SafeFileHandle source, string sourceName)
{
    private const int ChunkSize = 1024 * 1024;

    private readonly bool _throughDescriptor = file.FileSystem.Device.CanWriteThroughDescriptor && !file.FileSystem.FlushCaches;
    private bool _kernelCopies = true;
    private byte[]? _buffer;

    public void Run(Action<long>? progress)
    {
        if (!file.Writable)
        {
            throw new FamfsException(Errno.EBADF, $"cannot copy '{sourceName}' into '{file.Path}': it was opened read-only", "open it writable");
        }

        if (!_throughDescriptor)
        {
            file.Prefault(forWrite: true);
        }

        file.ForEachPiece((offset, length) =>
        {
            for (var done = 0; done < length;)
            {
                var chunk = Math.Min(ChunkSize, length - done);
                var copied = CopyChunk(offset + done, chunk);
                CrashPoint.Reach("cp.chunk-copied");
                done += copied > 0 ? copied : throw new FamfsException(Errno.EIO,
                    $"'{sourceName}' ended at {offset + done} bytes while being copied into '{file.Path}'; it changed size during the copy");
            }

            progress?.Invoke(length);
        });

        // Other hosts read the memory, not this processor's caches (docs/FORMAT.md, "Cache coherency").
        if (file.FileSystem.FlushCaches)
        {
            file.FlushProcessorCaches();
        }

        // ...and mounts on other hosts drop what they cached of it.
        file.FileSystem.PublishWrite(file.Node);
    }

    /// <summary>Copies up to <paramref name="length"/> device-contiguous bytes at <paramref name="offset"/>; returns how many (0 at the source's end).</summary>
    private int CopyChunk(long offset, int length)
    {
        var what = $"copy '{sourceName}' into '{file.Path}' at offset {offset}";
        if (!_throughDescriptor)
        {
            using var access = file.Access();
            return RandomAccess.Read(source, access.Write(offset, length), offset);
        }

        var device = file.FileSystem.Device;
        var deviceOffset = ExtentResolver.Resolve(file.Node.Map, (ulong)offset).DeviceOffset;
        if (_kernelCopies)
        {
            using (file.Access()) // the file must be live, and a revocation waits for this chunk
            {
                var copied = device.CopyFileRange(source, offset, deviceOffset, length, what);
                if (copied >= 0)
                {
                    return copied;
                }
            }

            _kernelCopies = false;
        }

        _buffer ??= new byte[ChunkSize];
        var read = RandomAccess.Read(source, _buffer.AsSpan(0, length), offset);
        using (file.Access())
        {
            device.WriteAt(deviceOffset, _buffer.AsSpan(0, read), what);
        }

        return read;
    }
}
