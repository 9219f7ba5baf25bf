using Famfs.Errors;
using Famfs.Interop;

namespace Famfs.Files;

/// <summary>What a path outside famfs is (a cp source): the file types stat(2) tells apart.</summary>
internal enum LocalFileKind
{
    Regular,
    Directory,
    SymbolicLink,
    Fifo,
    Socket,
    CharacterDevice,
    BlockDevice,
}

/// <summary>
/// A local file's kind, size, identity and permission bits (<see cref="Mode"/>): <see cref="Device"/> and <see cref="Inode"/> are the
/// same for every path that reaches the file, through any symbolic link.
/// </summary>
internal readonly record struct LocalFileStatus(LocalFileKind Kind, ulong Size, ulong Device, ulong Inode, uint Mode);

/// <summary>stat(2) and lstat(2) of local paths, which .NET's file APIs do not expose (file types other than directory, identity).</summary>
internal static class LocalFile
{
    /// <summary>
    /// The status of <paramref name="path"/>, of what it points to when <paramref name="followLinks"/>
    /// (a symbolic link is then never the kind), or null when nothing is there (also: a link to nothing).
    /// </summary>
    public static LocalFileStatus? Stat(string path, bool followLinks)
    {
        if (Libc.Statx(Libc.AT_FDCWD, path, followLinks ? StatxFlags.AT_NONE : StatxFlags.AT_SYMLINK_NOFOLLOW, StatxMask.STATX_BASIC_STATS, out var st) != 0)
        {
            var errno = Libc.LastErrno;
            return errno switch
            {
                Errno.ENOENT or Errno.ENOTDIR => null,
                Errno.ELOOP => throw new FamfsException(errno, $"'{path}' is a loop of symbolic links", "make the link point to a file or directory"),
                _ => throw NativeErrors.ForErrno(errno, $"stat {path}"),
            };
        }

        var kind = (st.stx_mode & Libc.S_IFMT) switch
        {
            Libc.S_IFREG => LocalFileKind.Regular,
            Libc.S_IFDIR => LocalFileKind.Directory,
            Libc.S_IFLNK => LocalFileKind.SymbolicLink,
            Libc.S_IFIFO => LocalFileKind.Fifo,
            Libc.S_IFSOCK => LocalFileKind.Socket,
            Libc.S_IFCHR => LocalFileKind.CharacterDevice,
            _ => LocalFileKind.BlockDevice,
        };
        return new LocalFileStatus(kind, st.stx_size, ((ulong)st.stx_dev_major << 32) | st.stx_dev_minor, st.stx_ino, st.stx_mode & 0xFFFu);
    }

    /// <summary>How messages name a kind: "a regular file", "a FIFO (named pipe)", ….</summary>
    public static string Describe(this LocalFileKind kind) => kind switch
    {
        LocalFileKind.Regular => "a regular file",
        LocalFileKind.Directory => "a directory",
        LocalFileKind.SymbolicLink => "a symbolic link",
        LocalFileKind.Fifo => "a FIFO (named pipe)",
        LocalFileKind.Socket => "a socket",
        LocalFileKind.CharacterDevice => "a character device",
        _ => "a block device",
    };
}
