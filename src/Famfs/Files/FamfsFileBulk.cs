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
    /// Fills the whole file from <paramref name="source"/> (a regular file at least as long),
    /// reading straight into device memory: one copy, no buffer in between.
    /// </summary>
    public static void CopyFrom(this FamfsFile file, SafeFileHandle source, string sourceName, Action<long>? progress = null)
    {
        file.Prefault(forWrite: true);
        file.ForEachPiece((offset, length) =>
        {
            var span = file.GetSpan(offset, length);
            for (var done = 0; done < length;)
            {
                var n = RandomAccess.Read(source, span[done..], offset + done);
                done += n > 0 ? n : throw new FamfsException(Errno.EIO,
                    $"'{sourceName}' ended at {offset + done} bytes while being copied into '{file.Path}'; it changed size during the copy");
            }

            progress?.Invoke(length);
        });
    }
}
