namespace Famfs.Fuse;

/// <summary>
/// A file system served through libfuse's low-level API. Methods are called concurrently
/// from libfuse's worker threads, so implementations must be thread-safe.
///
/// Inodes: the kernel names files by inode number (FUSE node id). <see cref="RootInode"/>
/// (FUSE_ROOT_ID = 1) is the root directory and always exists. An inode number must keep
/// meaning the same file for as long as the kernel knows it, and is also shown as st_ino.
///
/// Lookup counts: every <see cref="FuseEntry"/> the kernel receives (from Lookup, Mknod,
/// Mkdir, Symlink, Link, Create, and plus-mode <see cref="DirectoryWriter"/> entries) adds
/// one to that inode's lookup count; <see cref="Forget"/> subtracts. An inode may only be
/// forgotten (its number reused) once the count is back to zero. When the kernel never
/// receives an entry reply (the request was interrupted) the binding calls Forget(inode, 1)
/// itself, so counts stay balanced. The root is never forgotten.
///
/// Errors: throw <see cref="FuseException"/>; the kernel receives -<see cref="FuseException.Errno"/>.
/// Other exceptions go through <see cref="ErrnoOf"/> (for the errors of libraries a file system
/// is built on); what it does not translate becomes EIO and a line in <see cref="FuseMountOptions.Log"/>. Names are UTF-8; a name that is not
/// valid UTF-8 is answered with EINVAL before reaching the file system.
///
/// Methods with a default implementation refuse (EPERM for changes, ENOTSUP for xattrs) or
/// succeed trivially (open, release, flush, fsync), which suits a read-only file system.
/// </summary>
public interface IFuseFileSystem
{
    public const ulong RootInode = 1;

    /// <summary>Resolves <paramref name="name"/> in directory <paramref name="parent"/>; null means it does not exist.</summary>
    FuseEntry? Lookup(FuseRequest request, ulong parent, string name);

    /// <summary>The kernel dropped <paramref name="lookups"/> references to <paramref name="inode"/>. No reply, no errors.</summary>
    void Forget(ulong inode, ulong lookups)
    {
    }

    /// <param name="handle">The open file's handle when the caller used fstat, else null.</param>
    FileAttributes GetAttr(FuseRequest request, ulong inode, ulong? handle);

    /// <summary>chmod, chown, truncate and utimes; returns the attributes after the change.</summary>
    FileAttributes SetAttr(FuseRequest request, ulong inode, AttributeChanges changes, ulong? handle) => throw Refuse("change attributes");

    /// <summary>
    /// access(2) with <paramref name="mask"/>; throw EACCES to refuse.
    /// The kernel asks only when mounted without default_permissions (it checks the mode bits
    /// itself otherwise); the default allows everything, as an unanswered ACCESS would.
    /// </summary>
    void Access(FuseRequest request, ulong inode, AccessModes mask)
    {
    }

    string ReadLink(FuseRequest request, ulong inode) => throw new FuseException(Errno.EINVAL, "not a symbolic link");

    /// <param name="flags">open(2) flags (O_ACCMODE, O_APPEND, ...); O_CREAT/O_EXCL/O_NOCTTY are already handled by the kernel.</param>
    OpenResult Open(FuseRequest request, ulong inode, OpenFlags flags) =>
        flags.Writes() ? throw Refuse("open for writing") : new OpenResult();

    /// <summary>Reads up to <paramref name="size"/> bytes at <paramref name="offset"/> and answers through <paramref name="reply"/>.</summary>
    void Read(FuseRequest request, ulong inode, ulong handle, long offset, int size, ReadReply reply);

    /// <returns>The number of bytes written.</returns>
    int Write(FuseRequest request, ulong inode, ulong handle, ReadOnlySpan<byte> data, long offset) => throw Refuse("write");

    /// <summary>Called on every close(2) of a file descriptor (there may be several per open).</summary>
    void Flush(FuseRequest request, ulong inode, ulong handle)
    {
    }

    /// <summary>The last reference to an open file went away. Errors are not reported to anyone.</summary>
    void Release(FuseRequest request, ulong inode, ulong handle)
    {
    }

    void Fsync(FuseRequest request, ulong inode, ulong handle, bool dataOnly)
    {
    }

    OpenResult OpenDir(FuseRequest request, ulong inode) => new();

    /// <summary>
    /// Lists directory <paramref name="inode"/> from <paramref name="offset"/> (0 = start, else
    /// a nextOffset given to the writer earlier) until the writer is full or the listing ends.
    /// Adding nothing means end of directory. Include "." and ".." yourself.
    /// </summary>
    void ReadDir(FuseRequest request, ulong inode, ulong handle, long offset, DirectoryWriter writer);

    void ReleaseDir(FuseRequest request, ulong inode, ulong handle)
    {
    }

    FileSystemStatistics StatFs(FuseRequest request, ulong inode) => new();

    /// <summary>The value of extended attribute <paramref name="name"/>; for a missing one throw <see cref="Errno.ENODATA"/>.</summary>
    byte[] GetXattr(FuseRequest request, ulong inode, string name) => throw NoXattrs();

    IReadOnlyList<string> ListXattr(FuseRequest request, ulong inode) => throw NoXattrs();

    /// <summary>Creates and opens a regular file (open with O_CREAT).</summary>
    (FuseEntry Entry, OpenResult Open) Create(FuseRequest request, ulong parent, string name, UnixFileMode mode, OpenFlags flags) => throw Refuse("create files");

    FuseEntry Mknod(FuseRequest request, ulong parent, string name, FileType type, UnixFileMode mode, ulong device) => throw Refuse("create files");

    FuseEntry Mkdir(FuseRequest request, ulong parent, string name, UnixFileMode mode) => throw Refuse("create directories");

    void Unlink(FuseRequest request, ulong parent, string name) => throw Refuse("remove files");

    void Rmdir(FuseRequest request, ulong parent, string name) => throw Refuse("remove directories");

    void Rename(FuseRequest request, ulong parent, string name, ulong newParent, string newName, RenameFlags flags) => throw Refuse("rename");

    FuseEntry Link(FuseRequest request, ulong inode, ulong newParent, string newName) => throw Refuse("create hard links");

    FuseEntry Symlink(FuseRequest request, string target, ulong parent, string name) => throw Refuse("create symbolic links");

    /// <summary>
    /// The errno for <paramref name="error"/>, an exception other than <see cref="FuseException"/>
    /// that a method threw; null answers EIO and logs the exception as unexpected.
    /// </summary>
    Errno? ErrnoOf(Exception error) => null;

    private static FuseException Refuse(string what) => new(Errno.EPERM, $"this file system does not {what}");

    private static FuseException NoXattrs() => new(Errno.ENOTSUP, "this file system has no extended attributes");
}
