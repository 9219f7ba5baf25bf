namespace Famfs.Fuse;

/// <summary>
/// The attributes of one inode (what stat(2) shows). <see cref="Inode"/> is the FUSE node id
/// the kernel uses in every later request for this file, and also what stat reports as st_ino.
/// </summary>
public readonly record struct FileAttributes
{
    public required ulong Inode { get; init; }

    public required FileType Type { get; init; }

    /// <summary>Permission bits including setuid, setgid and sticky.</summary>
    public required UnixFileMode Permissions { get; init; }

    public uint LinkCount { get; init; } = 1;

    public uint Uid { get; init; }

    public uint Gid { get; init; }

    public long Size { get; init; }

    /// <summary>st_blocks in 512-byte units; null means "Size rounded up", what du expects of a fully allocated file.</summary>
    public long? Blocks { get; init; }

    /// <summary>st_blksize, the preferred I/O size.</summary>
    public int BlockSize { get; init; } = 4096;

    /// <summary>Device number of a character or block device node.</summary>
    public ulong DeviceNumber { get; init; }

    public DateTimeOffset AccessTime { get; init; }

    public DateTimeOffset ModifyTime { get; init; }

    public DateTimeOffset ChangeTime { get; init; }

    public FileAttributes()
    {
    }
}
