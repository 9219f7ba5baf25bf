namespace Famfs.Format;

/// <summary>The 48-byte log header as clean values.</summary>
internal sealed record LogHeader
{
    public ulong Magic { get; init; } = FormatConstants.LogMagic;

    /// <summary>famfs_log_len: equals the superblock's log length.</summary>
    public ulong Length { get; init; }

    /// <summary>Index of the last entry slot: (Length − 48) / 544 − 1.</summary>
    public ulong LastIndex { get; init; }

    public ulong Crc { get; init; }
    public ulong NextSeqnum { get; init; }
    public ulong NextIndex { get; init; }

    /// <summary>How many entry slots the log has.</summary>
    public ulong Capacity => LastIndex + 1;

    /// <summary>The log is full when the next index is past the last slot.</summary>
    public bool IsFull => NextIndex > LastIndex;

    public static LogHeader Empty(ulong logLength) => new()
    {
        Length = logLength,
        LastIndex = FormatConstants.LastIndexFor(logLength),
    };
}
