
namespace Famfs.Namespace;

/// <summary>
/// The namespace of a famfs file system, built by playing its log. One writer (the log
/// player) adds nodes while any number of readers look them up.
/// </summary>
internal sealed class FsTree
{
    private readonly InodeTable _byIndex = new();
    private int _files;
    private int _directories;
    private ulong _nextIndex;

    public FsTree(uint rootMode = 0x1ED /* 0755 */, uint rootUid = 0, uint rootGid = 0)
    {
        Root = new FsDirectory(string.Empty, null, FsNode.RootInode, rootMode, rootUid, rootGid);
    }

    public FsDirectory Root { get; }

    /// <summary>
    /// The first log index not yet played: the next play starts here. Advanced only once the
    /// played nodes are findable, and read without a lock (FamfsFileSystem.Refresh's fast check),
    /// so a reader that sees it also finds every node before it.
    /// </summary>
    public ulong NextIndex
    {
        get => Volatile.Read(ref _nextIndex);
        internal set => Volatile.Write(ref _nextIndex, value);
    }

    /// <summary>The first played record that makes the log damaged (see <see cref="PlayOutcome.IsDamage"/>), or null while it is sound.</summary>
    public PlayOutcome? Damage { get; internal set; }

    public int FileCount => _files;

    public int DirectoryCount => _directories;

    public FsNode? Find(string path) => PathResolver.Find(Root, path);

    /// <summary>Inode 1 is the root, inode i + 2 the node made by log entry i, inode 0 nobody.</summary>
    public FsNode? FindByInode(ulong inode) => inode switch
    {
        FsNode.RootInode => Root,
        0 => null,
        _ => _byIndex.Find(inode - 2),
    };

    /// <summary>Every file in the tree, depth first.</summary>
    public IEnumerable<FsFile> Files() => Nodes().OfType<FsFile>();

    /// <summary>Every directory and file in the tree (not the root), depth first, each directory before what is in it.</summary>
    public IEnumerable<FsNode> Nodes() => Walk(Root);

    internal bool TryAdd(FsDirectory parent, FsNode node)
    {
        // By inode first: whoever finds the node by name (a FUSE lookup) may ask for its inode next.
        _byIndex.Set(node.LogIndex, node);
        if (!parent.TryAdd(node))
        {
            _byIndex.Set(node.LogIndex, null);
            return false;
        }

        if (node is FsFile)
        {
            Interlocked.Increment(ref _files);
        }
        else
        {
            Interlocked.Increment(ref _directories);
        }

        return true;
    }

    private static IEnumerable<FsNode> Walk(FsDirectory directory)
    {
        foreach (var child in directory.Children.Values.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            yield return child;
            if (child is FsDirectory sub)
            {
                foreach (var node in Walk(sub))
                {
                    yield return node;
                }
            }
        }
    }
}
