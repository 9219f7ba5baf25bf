namespace Famfs.Format;

/// <summary>famfs_log_entry_type values.</summary>
internal enum LogEntryType : uint
{
    File = 0,
    Mkdir = 1,
    Delete = 2,
    AddDaxdev = 3,
    Invalid = 4,
}

/// <summary>One decoded log entry. <see cref="Defect"/> is set when its body cannot be played.</summary>
internal abstract record LogEntry
{
    public ulong Seqnum { get; init; }

    /// <summary>The raw type field (it may name no known type).</summary>
    public abstract uint RawType { get; }

    /// <summary>A structural problem found while decoding (e.g. a path with no NUL), or null.</summary>
    public string? Defect { get; init; }
}

/// <summary>A FILE entry: a regular file and its pre-allocated extents.</summary>
internal sealed record FileEntry : LogEntry
{
    public override uint RawType => (uint)LogEntryType.File;

    /// <summary>The path relative to the file-system root, verbatim as logged.</summary>
    public required string Path { get; init; }

    public ulong Size { get; init; }
    public uint Flags { get; init; } = FormatConstants.FlagAllHostsReadWrite;
    public uint Uid { get; init; }
    public uint Gid { get; init; }

    /// <summary>Permission bits only (no S_IF* type bits).</summary>
    public uint Mode { get; init; }

    public required FileMap Map { get; init; }
}

/// <summary>A MKDIR entry.</summary>
internal sealed record MkdirEntry : LogEntry
{
    public override uint RawType => (uint)LogEntryType.Mkdir;

    public required string Path { get; init; }
    public uint Uid { get; init; }
    public uint Gid { get; init; }
    public uint Mode { get; init; }
}

/// <summary>An ADD_DAXDEV entry: read and reported; famfs does not play it.</summary>
internal sealed record AddDaxdevEntry : LogEntry
{
    public override uint RawType => (uint)LogEntryType.AddDaxdev;

    public ulong DeviceSize { get; init; }
    public Guid DeviceUuid { get; init; }
    public uint DeviceIndex { get; init; }
}

/// <summary>DELETE, INVALID or an unknown type: reported, never played.</summary>
internal sealed record OpaqueEntry(uint Type) : LogEntry
{
    public override uint RawType => Type;
}
