namespace Famfs.Format;

/// <summary>The famfs superblock as clean values (see docs/FORMAT.md for the on-media layout).</summary>
public sealed record Superblock
{
    public ulong Magic { get; init; } = FormatConstants.SuperblockMagic;
    public ulong Version { get; init; } = FormatConstants.SuperblockVersion;
    public long LogOffset { get; init; } = (long)FormatConstants.LogOffset;
    public long LogLength { get; init; } = (long)FormatConstants.DefaultLogLength;
    public long AllocationUnit { get; init; } = (long)FormatConstants.AllocationUnit;
    public uint OmfMajor { get; init; } = FormatConstants.OmfMajor;
    public uint OmfMinor { get; init; } = FormatConstants.OmfMinor;

    /// <summary>The file system's UUID (ts_uuid).</summary>
    public Guid FsUuid { get; init; }

    /// <summary>The device's UUID (ts_dev_uuid).</summary>
    public Guid DeviceUuid { get; init; }

    /// <summary>The master host's system UUID (ts_system_uuid): only it may append to the log.</summary>
    public Guid SystemUuid { get; init; }

    /// <summary>The stored CRC (the codec computes it on write).</summary>
    public ulong Crc { get; init; }

    public uint Flags { get; init; }

    /// <summary>ts_daxdev.dd_size: the device size mkfs saw.</summary>
    public long DeviceSize { get; init; }

    /// <summary>ts_daxdev.dd_uuid: left zero by mkfs.</summary>
    public Guid DaxdevUuid { get; init; }

    /// <summary>ts_daxdev.dd_daxdev: the device path given to mkfs.</summary>
    public string DaxdevPath { get; init; } = string.Empty;

    // The on-media fields are u64; the engine's offset arithmetic uses these unsigned twins.
    // Validation (SuperblockCodec.Validate) has refused a log length or unit a cast would turn negative.
    internal ulong LogBytes => (ulong)LogLength;

    internal ulong UnitBytes => (ulong)AllocationUnit;

    internal ulong DeviceBytes => (ulong)DeviceSize;
}
