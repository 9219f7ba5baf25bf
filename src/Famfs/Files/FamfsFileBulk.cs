using Microsoft.Win32.SafeHandles;

namespace Famfs.Files;

/// <summary>Whole-file work on a <see cref="FamfsFile"/>, piece by device-contiguous piece.</summary>
internal static class FamfsFileBulk
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
    /// Fills the whole file from <paramref name="source"/> (a regular file at least as long), as
    /// famfs cp does: one copy, by the cheapest route the device allows (see <see cref="FileCopy"/>).
    /// A revocation stops it between chunks with <see cref="Lifecycle.MappingRevokedException"/>.
    /// </summary>
    /// <param name="progress">Called with the byte count of each piece done.</param>
    public static void CopyFrom(this FamfsFile file, SafeFileHandle source, string sourceName, Action<long>? progress = null) =>
        new FileCopy(file, source, sourceName).Run(progress);
}
