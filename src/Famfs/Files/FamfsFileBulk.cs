using Famfs.Allocation;
using Famfs.Devices;
using Famfs.Errors;
using Microsoft.Win32.SafeHandles;

namespace Famfs.Files;

/// <summary>Whole-file work on a <see cref="FamfsFile"/>, piece by device-contiguous piece.</summary>
public static class FamfsFileBulk
{
    /// <summary>The largest piece handed out at once.</summary>
    public const int PieceSize = 64 * 1024 * 1024;

    /// <summary>Visits [0, Length) of <paramref name="file"/> in device-contiguous pieces of at most <see cref="PieceSize"/> bytes.</summary>
    public static void ForEachPiece(this FamfsFile file, Action<long, int> visit)
    {
        for (long offset = 0; offset < file.Length;)
        {
            var length = (int)Math.Min(PieceSize, file.ContiguousLength(offset));
            visit(offset, length);
            offset += length;
        }
    }

    /// <summary>
    /// Fills the whole file from <paramref name="source"/> (a regular file at least as long).
    /// On a regular-file device without cache flushing the kernel copies each piece into the
    /// device (<see cref="MemoryDevice.CopyFromFile"/>: no page faults here); otherwise the data
    /// is read straight into the prefaulted mapping. Either way it is one copy, and each piece is
    /// copied inside a read section, so a revocation waits for the piece and the next one throws
    /// <see cref="Lifecycle.MappingRevokedException"/>.
    /// </summary>
    public static void CopyFrom(this FamfsFile file, SafeFileHandle source, string sourceName, Action<long>? progress = null)
    {
        var device = file.FileSystem.Device;
        var throughDescriptor = device.CanCopyFromFile && !file.FileSystem.FlushCaches;
        if (!throughDescriptor)
        {
            file.Prefault(forWrite: true);
        }

        file.ForEachPiece((offset, length) =>
        {
            using var access = file.Access();
            var copied = throughDescriptor
                ? device.CopyFromFile(source, offset, ExtentResolver.Resolve(file.Node.Map, (ulong)offset).DeviceOffset, length)
                : ReadInto(access.Write(offset, length), source, offset);
            if (copied < length)
            {
                throw new FamfsException(Errno.EIO,
                    $"'{sourceName}' ended at {offset + copied} bytes while being copied into '{file.Path}'; it changed size during the copy");
            }

            progress?.Invoke(length);
        });
    }

    private static long ReadInto(Span<byte> destination, SafeFileHandle source, long offset)
    {
        var done = 0;
        for (int n; done < destination.Length && (n = RandomAccess.Read(source, destination[done..], offset + done)) > 0;)
        {
            done += n;
        }

        return done;
    }
}
