namespace Famfs.Fuse;

/// <summary>
/// A name resolved to an inode: the answer to Lookup, Mknod, Mkdir, Symlink, Link and Create.
/// Every FuseEntry the kernel receives adds one to the inode's lookup count (see
/// <see cref="IFuseFileSystem"/>). Cache timeouts come from <see cref="FuseMountOptions"/>.
/// </summary>
/// <param name="Generation">
/// Distinguishes successive inodes that reuse one inode number; (Inode, Generation) must be
/// unique for the file system's lifetime if it is ever exported over NFS.
/// </param>
public readonly record struct FuseEntry(FileAttributes Attributes, ulong Generation = 0)
{
    public ulong Inode => Attributes.Inode;
}
