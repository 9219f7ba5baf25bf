using Famfs.Files;

namespace Famfs.Cli.Commands;

/// <summary>Fills and checks file content piece by piece, straight in device memory.</summary>
internal static class ContentWriter
{
    private const int PieceSize = 64 * 1024 * 1024;

    /// <summary>Visits [0, Length) of <paramref name="file"/> in device-contiguous pieces of at most 64 MiB.</summary>
    public static void ForEachPiece(FamfsFile file, Action<long, int> visit)
    {
        for (long offset = 0; offset < file.Length;)
        {
            var length = (int)Math.Min(PieceSize, file.ContiguousLength(offset));
            visit(offset, length);
            offset += length;
        }
    }

    public static void FillSeeded(FamfsFile file, ulong seed, Action<long> progress) =>
        ForEachPiece(file, (offset, length) =>
        {
            SeededContent.Fill(seed, offset, file.GetSpan(offset, length));
            progress(length);
        });

    /// <summary>The first offset whose byte differs from the seeded content, or −1.</summary>
    public static long FindMismatch(FamfsFile file, ulong seed, Action<long> progress)
    {
        long mismatch = -1;
        ForEachPiece(file, (offset, length) =>
        {
            if (mismatch < 0)
            {
                mismatch = SeededContent.FindMismatch(seed, offset, file.GetReadOnlySpan(offset, length));
                progress(length);
            }
        });
        return mismatch;
    }
}
