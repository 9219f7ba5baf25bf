namespace Famfs.Format;

/// <summary>The fixed numbers of famfs on-media format 2.2 (docs/FORMAT.md).</summary>
internal static class FormatConstants
{
    public const ulong SuperblockMagic = 0x87b282ff;
    public const ulong SuperblockVersion = 48;
    public const uint OmfMajor = 2;
    public const uint OmfMinor = 2;

    /// <summary>The superblock area: the struct is 200 bytes, the rest of the area is zero.</summary>
    public const ulong SuperblockAreaSize = 2 * Units.MiB;
    public const int SuperblockSize = 200;

    /// <summary>The log always starts right after the superblock area.</summary>
    public const ulong LogOffset = 2 * Units.MiB;
    public const ulong DefaultLogLength = 8 * Units.MiB;
    public const ulong MinLogLength = 8 * Units.MiB;

    public const ulong AllocationUnit = 2 * Units.MiB;

    /// <summary>Readers also accept this allocation unit (older images used 4 KiB).</summary>
    public const ulong SmallAllocationUnit = 4096;

    public const ulong MinDeviceSize = 4 * Units.GiB;

    public const ulong LogMagic = 0xbadcafef00d;
    public const int LogHeaderSize = 48;
    public const int LogEntrySize = 544;

    /// <summary>Path fields hold at most 79 bytes plus the terminating NUL.</summary>
    public const int PathFieldSize = 80;
    public const int MaxPathBytes = PathFieldSize - 1;

    public const int MaxSimpleExtents = 16;
    public const int MaxStrips = 16;

    /// <summary>The FILE entry flag that makes a file writable on every host (docs/FORMAT.md).</summary>
    public const uint FlagAllHostsReadWrite = 2;

    /// <summary>Index of the last entry slot of a log of <paramref name="logLength"/> bytes.</summary>
    public static ulong LastIndexFor(ulong logLength) => (logLength - LogHeaderSize) / LogEntrySize - 1;

    /// <summary>Bytes reserved at the start of the device: superblock area and log.</summary>
    public static ulong MetadataLength(ulong logLength) => LogOffset + logLength;
}
