using System.Text;

namespace Famfs.Fuse.Demo;

/// <summary>
/// fuse-hello's file system: a root directory holding one read-only file,
/// "hello", served from memory. It exercises lookup, getattr, readdir, open and read, and
/// leaves every change to the refusing defaults of <see cref="IFuseFileSystem"/>.
/// </summary>
internal sealed class HelloFileSystem : IFuseFileSystem
{
    public const string FileName = "hello";

    public const ulong HelloInode = 2;

    public static readonly byte[] Content = Encoding.UTF8.GetBytes("Hello from the FUSE binding\n");

    private readonly DateTimeOffset _mounted = DateTimeOffset.UtcNow;

    public FuseEntry? Lookup(FuseRequest request, ulong parent, string name) =>
        parent == IFuseFileSystem.RootInode && name == FileName ? new FuseEntry(Attributes(HelloInode)) : null;

    public FileAttributes GetAttr(FuseRequest request, ulong inode, ulong? handle) => Attributes(inode);

    public void ReadDir(FuseRequest request, ulong inode, ulong handle, long offset, DirectoryWriter writer)
    {
        if (inode != IFuseFileSystem.RootInode)
        {
            throw new FuseException(Errno.ENOTDIR, $"inode {inode} is not a directory");
        }

        // Offsets are entry indexes + 1: each entry names where the next one starts.
        (string Name, ulong Inode)[] entries = [(".", IFuseFileSystem.RootInode), ("..", IFuseFileSystem.RootInode), (FileName, HelloInode)];
        for (var i = (int)offset; i < entries.Length; i++)
        {
            if (!writer.TryAdd(entries[i].Name, new FuseEntry(Attributes(entries[i].Inode)), i + 1))
            {
                break;
            }
        }
    }

    public void Read(FuseRequest request, ulong inode, ulong handle, long offset, int size, ReadReply reply)
    {
        var start = (int)Math.Min(offset, Content.Length);
        reply.Send(Content.AsSpan(start, Math.Min(size, Content.Length - start)));
    }

    public FileSystemStatistics StatFs(FuseRequest request, ulong inode) =>
        new() { BlockSize = 4096, TotalBlocks = 1, TotalFiles = 2 };

    private FileAttributes Attributes(ulong inode) => inode switch
    {
        IFuseFileSystem.RootInode => new FileAttributes
        {
            Inode = inode,
            Type = FileType.Directory,
            Permissions = (UnixFileMode)0b111_101_101,
            LinkCount = 2,
            AccessTime = _mounted,
            ModifyTime = _mounted,
            ChangeTime = _mounted,
        },
        HelloInode => new FileAttributes
        {
            Inode = inode,
            Type = FileType.RegularFile,
            Permissions = (UnixFileMode)0b110_100_100,
            Size = Content.Length,
            AccessTime = _mounted,
            ModifyTime = _mounted,
            ChangeTime = _mounted,
        },
        _ => throw new FuseException(Errno.ENOENT, $"no inode {inode}"),
    };
}
