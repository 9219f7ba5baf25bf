using Famfs.Format;

namespace Famfs.Namespace;

/// <summary>A directory or file of the tree built from the log.</summary>
public abstract class FsNode
{
    /// <summary>The root's inode number, as FUSE expects it.</summary>
    public const ulong RootInode = 1;

    private protected FsNode(string name, FsDirectory? parent, ulong inode, uint mode, uint uid, uint gid)
    {
        Name = name;
        Parent = parent;
        Inode = inode;
        Mode = mode;
        Uid = uid;
        Gid = gid;
    }

    public string Name { get; }

    public FsDirectory? Parent { get; }

    /// <summary>
    /// Stable across mounts and hosts: the log index of the creating entry + 2 (the root is 1).
    /// The log is append-only, so the same entry always yields the same number.
    /// </summary>
    public ulong Inode { get; }

    /// <summary>Permission bits as logged.</summary>
    public uint Mode { get; }

    public uint Uid { get; }

    public uint Gid { get; }

    /// <summary>The normalised path from the root ("" for the root itself).</summary>
    public string Path => Parent is null ? string.Empty : Parent.ChildPath(Name);

    /// <summary>The index of the log entry that created this node (the root has none).</summary>
    public ulong LogIndex => Inode - 2;

    public static ulong InodeForIndex(ulong logIndex) => logIndex + 2;
}

/// <summary>A directory: the root, or one made by a MKDIR entry.</summary>
public sealed class FsDirectory : FsNode
{
    // Readers (FUSE threads) look up concurrently while a log play adds entries.
    private readonly ChildTable _children = new();

    internal FsDirectory(string name, FsDirectory? parent, ulong inode, uint mode, uint uid, uint gid)
        : base(name, parent, inode, mode, uid, gid) { }

    public IReadOnlyDictionary<string, FsNode> Children => _children;

    public FsNode? Find(string name) => _children.Find(name);

    /// <summary>Finds a child by a path component, without making a string of it.</summary>
    public FsNode? Find(ReadOnlySpan<char> name) => _children.Find(name);

    /// <summary>The path of a child called <paramref name="name"/>, whether or not it exists.</summary>
    public string ChildPath(string name) => Parent is null ? name : $"{Path}/{name}";

    internal bool TryAdd(FsNode child) => _children.TryAdd(child);
}

/// <summary>A regular file made by a FILE entry: its size and where its bytes are.</summary>
public sealed class FsFile : FsNode
{
    internal FsFile(string name, FsDirectory parent, ulong inode, FileEntry entry)
        : base(name, parent, inode, entry.Mode, entry.Uid, entry.Gid)
    {
        Entry = entry;
    }

    /// <summary>The FILE entry this file came from.</summary>
    internal FileEntry Entry { get; }

    /// <summary>Size in bytes (admission keeps a file inside its device, so it fits a long).</summary>
    public long Size => (long)Entry.Size;

    /// <summary>The size for the engine's unsigned extent arithmetic.</summary>
    internal ulong SizeBytes => Entry.Size;

    public uint Flags => Entry.Flags;

    internal FileMap Map => Entry.Map;
}
