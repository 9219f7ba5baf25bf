using Famfs.Format;

namespace Famfs.Daemon;

/// <summary>
/// The .meta directory of a famfs mount, as the reference exposes it: .meta/.superblock (the
/// 2 MiB superblock area) and .meta/.log (the whole log), read-only views of device memory.
/// Their inode numbers sit far above any log-derived number (log index + 2). All are root's,
/// and the directory is 0700 as the reference's first mkmeta made it: the log names every
/// file, including those inside directories other users may not search.
/// </summary>
internal static class MetaFiles
{
    public const string DirectoryName = Famfs.Namespace.PathResolver.MetaDirectoryName;
    public const string SuperblockName = ".superblock";
    public const string LogName = ".log";

    public const ulong DirectoryInode = 0x7FFF_FFFF_FFFF_FF00;
    public const ulong SuperblockInode = DirectoryInode + 1;
    public const ulong LogInode = DirectoryInode + 2;

    public const uint DirectoryMode = 0x1C0; // 0700
    public const uint FileMode = 0x124; // 0444: writes through the mount are refused

    public static bool IsMeta(ulong inode) => inode is DirectoryInode or SuperblockInode or LogInode;

    public static ulong? InodeOf(string name) => name switch
    {
        SuperblockName => SuperblockInode,
        LogName => LogInode,
        _ => null,
    };

    /// <summary>(device offset, length) of a meta file's bytes.</summary>
    public static (ulong Offset, ulong Length) Extent(ulong inode, Superblock superblock) => inode switch
    {
        SuperblockInode => (0, FormatConstants.SuperblockAreaSize),
        LogInode => (FormatConstants.LogOffset, superblock.LogBytes),
        _ => throw new ArgumentOutOfRangeException(nameof(inode)),
    };
}
