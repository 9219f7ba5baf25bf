using Famfs.Files;

namespace Famfs.Cli.Commands;

/// <summary>Fills and checks file content piece by piece, straight in device memory.</summary>
internal static class ContentWriter
{
    public static void FillSeeded(FamfsFile file, ulong seed, Action<long> progress)
    {
        file.Prefault(forWrite: true);
        file.ForEachPiece((offset, length) =>
        {
            SeededContent.Fill(seed, offset, file.GetSpan(offset, length));
            progress(length);
        });

        // Other hosts read the memory, not this processor's caches (docs/FORMAT.md, "Cache coherency"),
        // and their mounts drop what they cached of the file (docs/SHARED-STATE.md): Publish does both.
        file.Publish();
    }

    /// <summary>The first offset whose byte differs from the seeded content, or −1.</summary>
    public static long FindMismatch(FamfsFile file, ulong seed, Action<long> progress)
    {
        long mismatch = -1;
        file.Prefault(forWrite: false);
        file.ForEachPiece((offset, length) =>
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
