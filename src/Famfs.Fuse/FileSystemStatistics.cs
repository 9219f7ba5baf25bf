namespace Famfs.Fuse;

/// <summary>What statfs(2)/df shows. Block counts are in units of <see cref="BlockSize"/>.</summary>
public readonly record struct FileSystemStatistics
{
    public long BlockSize { get; init; } = 4096;

    public ulong TotalBlocks { get; init; }

    public ulong FreeBlocks { get; init; }

    public ulong AvailableBlocks { get; init; }

    public ulong TotalFiles { get; init; }

    public ulong FreeFiles { get; init; }

    public uint MaxNameLength { get; init; } = 255;

    public FileSystemStatistics()
    {
    }
}
