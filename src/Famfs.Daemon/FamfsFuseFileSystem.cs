using System.Buffers;
using System.Text;
using Famfs.Errors;
using Famfs.Files;
using Famfs.Format;
using Famfs.Fuse;
using Famfs.Identity;
using Famfs.Namespace;
using Errno = Famfs.Errors.Errno;
using FileAttributes = Famfs.Fuse.FileAttributes;

namespace Famfs.Daemon;

/// <summary>
/// A famfs file system served through FUSE: the tree played from the log, file data read and
/// written straight in device memory, and .meta/.superblock and .meta/.log. Nothing that would
/// change metadata is possible through the mount (famfs metadata only grows by log appends
/// from the master's CLI), so the tree and the log stay valid whatever tools do.
/// Every lookup, open, directory open and access(2) is judged for its caller by
/// <see cref="Namespace.Access"/> with the attributes served here, whether or not the kernel
/// checks too (default_permissions): a mount without it (famfs mount -p) protects files the same.
/// The mount root carries one extended attribute, <see cref="ShadowAttribute"/>: the folder of
/// the daemon's administration socket, as the reference daemon names it.
/// </summary>
internal sealed class FamfsFuseFileSystem(FamfsFileSystem fs, string? adminFolder = null, MountCacheMode cache = MountCacheMode.Coherent)
    : IFuseFileSystem, IDisposable
{
    /// <summary>The reference's name for the attribute that locates a mount's administration folder (holding "sock").</summary>
    public const string ShadowAttribute = "user.famfs.shadow";

    private const string UserNamespace = "user.";

    private const uint ReadWriteBits = (uint)(UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite);
    private static readonly Caller RootCaller = new(0, 0);
    private readonly OpenFileTable _open = new();
    private readonly DirectoryListings _listings = new();
    private readonly DateTimeOffset _mounted = DateTimeOffset.UtcNow;

    public FamfsFileSystem FileSystem => fs;

    public DaemonStatistics Statistics { get; } = new();

    public OpenFileTable OpenFiles => _open;

    /// <summary>What the kernel may cache of file data, and when it must drop it.</summary>
    public CoherenceTracker Coherence { get; } = new(fs, cache);

    /// <summary>Plays what is new in the log (counted in <see cref="Statistics"/>).</summary>
    public IReadOnlyList<PlayOutcome> PlayLog() => PlayLog(insideRequest: false);

    public FuseEntry? Lookup(FuseRequest request, ulong parent, string name)
    {
        Demand(request, parent, AccessRights.Execute);
        if (parent == IFuseFileSystem.RootInode && name == MetaFiles.DirectoryName)
        {
            return new FuseEntry(MetaAttributes(MetaFiles.DirectoryInode));
        }

        if (parent == MetaFiles.DirectoryInode)
        {
            return MetaFiles.InodeOf(name) is { } meta ? new FuseEntry(MetaAttributes(meta)) : null;
        }

        var directory = Directory(parent);
        var node = directory.Find(name);
        var missed = node is null;
        if (missed && PlayLog(insideRequest: true).Count > 0)
        {
            // A miss may be a file another host (or our CLI) logged since we last looked.
            node = directory.Find(name);
        }

        Statistics.Lookup(missed, foundByLogPlay: missed && node is not null);
        return node is null ? null : new FuseEntry(Attributes(node));
    }

    // Not judged: fstat(2) of a descriptor, which needs no permission, arrives as this too. A
    // stat(2) of a path is judged by the lookups of its walk.
    public FileAttributes GetAttr(FuseRequest request, ulong inode, ulong? handle)
    {
        Statistics.GotAttributes();
        return AttributesOf(inode);
    }

    public void Access(FuseRequest request, ulong inode, AccessModes mask) =>
        Demand(request, inode, (mask.HasFlag(AccessModes.Read) ? AccessRights.Read : 0)
            | (mask.HasFlag(AccessModes.Write) ? AccessRights.Write : 0)
            | (mask.HasFlag(AccessModes.Execute) ? AccessRights.Execute : 0));

    public OpenResult OpenDir(FuseRequest request, ulong inode)
    {
        Demand(request, inode, AccessRights.Read);
        return new OpenResult();
    }

    public OpenResult Open(FuseRequest request, ulong inode, OpenFlags flags)
    {
        var writable = flags.Writes();
        Demand(request, inode, (flags & OpenFlags.AccessModeMask) switch
        {
            OpenFlags.ReadOnly => AccessRights.Read,
            OpenFlags.WriteOnly => AccessRights.Write,
            _ => AccessRights.Read | AccessRights.Write,
        });
        if (MetaFiles.IsMeta(inode))
        {
            return writable ? throw new FamfsException(Errno.EACCES, "the .meta files are read-only") : new OpenResult(KeepCache: true);
        }

        if (Node(inode) is not FsFile file)
        {
            throw new FamfsException(Errno.EISDIR, $"inode {inode} is a directory");
        }

        if (writable && (EffectiveMode(file) & ReadWriteBits) == 0)
        {
            throw new FamfsException(Errno.EACCES, $"'{file.Path}' is read-only on this host ({fs.Role})");
        }

        // libfuse asks the kernel for atomic_o_trunc, so a truncation comes with the open.
        if (flags.HasFlag(OpenFlags.Truncate))
        {
            throw new FamfsException(Errno.EPERM, $"'{file.Path}' cannot be truncated: famfs file sizes never change");
        }

        var reused = false;
        var handle = writable ? _open.Add(fs.OpenFile(file.Path, writable: true)) : _open.AddReader(inode, () => fs.OpenFile(file.Path), out reused);
        Statistics.Opened(reused);
        return Coherence.Opened(file, handle);
    }

    public void Read(FuseRequest request, ulong inode, ulong handle, long offset, int size, ReadReply reply)
    {
        if (MetaFiles.IsMeta(inode))
        {
            var (start, length) = MetaFiles.Extent(inode, fs.Superblock);
            var n = (int)Math.Clamp((long)length - offset, 0, size);
            reply.Send(n == 0 ? [] : fs.MetadataBytes(start + (ulong)offset, n));
            return;
        }

        var file = _open.Get(handle);
        var count = (int)Math.Clamp(file.Length - offset, 0, size);
        var gathered = count > 0 && file.ContiguousLength(offset) < count;
        Statistics.Read(count, gathered);
        if (count == 0)
        {
            reply.Send([]);
        }
        else if (!gathered)
        {
            // Zero-copy: device memory straight to the kernel, inside a read section so the
            // mapping cannot be revoked or unmapped while writev still reads it.
            using var access = file.Access();
            reply.Send(access.Read(offset, count));
        }
        else
        {
            // The request crosses an extent or chunk boundary: gather it (rare; pieces are ≥ 2 MiB).
            var buffer = ArrayPool<byte>.Shared.Rent(count);
            try
            {
                file.Read(offset, buffer.AsSpan(0, count));
                reply.Send(buffer.AsSpan(0, count));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    public int Write(FuseRequest request, ulong inode, ulong handle, ReadOnlySpan<byte> data, long offset)
    {
        var file = _open.Get(handle);
        file.WriteUnpublished(offset, data); // beyond the size: EFBIG, famfs files never grow
        Coherence.Wrote(file.Node);
        Statistics.Wrote(data.Length);
        return data.Length;
    }

    public void Release(FuseRequest request, ulong inode, ulong handle)
    {
        if (!MetaFiles.IsMeta(inode))
        {
            _open.Remove(handle);
        }
    }

    public void ReadDir(FuseRequest request, ulong inode, ulong handle, long offset, DirectoryWriter writer)
    {
        var (head, children) = Listing(inode);
        var i = (int)offset;
        for (; i < head.Count + children.Length; i++)
        {
            var (name, attributes) = i < head.Count ? (head[i].Name, AttributesOf(head[i].Inode))
                : (children[i - head.Count].Name, Attributes(children[i - head.Count]));
            if (!writer.TryAdd(name, new FuseEntry(attributes), i + 1))
            {
                break;
            }
        }

        Statistics.Listed(writer.IsPlus, Math.Max(0, i - (int)offset));
    }

    public FileSystemStatistics StatFs(FuseRequest request, ulong inode)
    {
        var usage = fs.Usage;
        return new FileSystemStatistics
        {
            BlockSize = usage.Unit,
            TotalBlocks = (ulong)usage.TotalUnits,
            FreeBlocks = (ulong)usage.FreeUnits,
            AvailableBlocks = fs.Role == Role.Master ? (ulong)usage.FreeUnits : 0,
            TotalFiles = (ulong)(usage.Files + usage.Directories + 1),
            MaxNameLength = FormatConstants.MaxPathBytes,
        };
    }

    /// <summary>
    /// Only <see cref="ShadowAttribute"/>, on every inode as the reference answers it (the scripts
    /// ask the mount root), without a trailing NUL; another user.* name is ENODATA. The other
    /// namespaces (security., system. — POSIX ACLs —, trusted.) are ENOTSUP, as the kernel answers
    /// for a namespace a file system has no handler for: `ls -l` then stops asking for SELinux
    /// labels and ACLs on this device after its first file, where ENODATA would cost two daemon
    /// round trips per file listed (most of an `ls -lR`'s time).
    /// </summary>
    public byte[] GetXattr(FuseRequest request, ulong inode, string name)
    {
        Statistics.AskedForXattrs();
        return name == ShadowAttribute && adminFolder is not null ? Encoding.UTF8.GetBytes(adminFolder)
            : name.StartsWith(UserNamespace, StringComparison.Ordinal) ? throw new FuseException(Fuse.Errno.ENODATA, $"no extended attribute {name}")
            : throw new FuseException(Fuse.Errno.ENOTSUP, $"this file system keeps no {name} attributes");
    }

    public IReadOnlyList<string> ListXattr(FuseRequest request, ulong inode)
    {
        Statistics.AskedForXattrs();
        return adminFolder is null ? [] : [ShadowAttribute];
    }

    /// <summary>The engine's errors carry their errno; the kernel gets it.</summary>
    public Fuse.Errno? ErrnoOf(Exception error) =>
        error is FamfsException { Errno: not Errno.None } famfs ? (Fuse.Errno)(int)famfs.Errno : null;

    public void Dispose() => _open.Dispose();

    /// <summary>
    /// The kernel keeps a directory's listing until told otherwise (with stateless directories it
    /// caches every listing, and famfs directories change only by log play): each directory that
    /// gained an entry is invalidated, which drops its listing and its attributes (link count).
    /// Inside a request (a lookup's miss) the notification goes from another thread, as the
    /// kernel may wait for the request before it handles a notification about that directory.
    /// </summary>
    private IReadOnlyList<PlayOutcome> PlayLog(bool insideRequest)
    {
        var outcomes = fs.Refresh();
        Statistics.Played(outcomes.Count);
        var changed = outcomes.Where(o => o.Problem is null)
            .Select(o => fs.Tree.FindByInode(FsNode.InodeForIndex(o.Record.Index))?.Parent?.Inode)
            .OfType<ulong>().Distinct().ToList();
        if (changed.Count > 0 && Coherence.Mount is { } mount)
        {
            if (insideRequest)
            {
                ThreadPool.QueueUserWorkItem(_ => changed.ForEach(inode => mount.InvalidateInode(inode)));
            }
            else
            {
                changed.ForEach(inode => mount.InvalidateInode(inode));
            }
        }

        return outcomes;
    }

    /// <summary>A directory's listing: "." and ".." (and .meta in the root), then its children by name.</summary>
    private (List<(string Name, ulong Inode)> Head, FsNode[] Children) Listing(ulong inode)
    {
        if (inode == MetaFiles.DirectoryInode)
        {
            return ([(".", inode), ("..", IFuseFileSystem.RootInode), (MetaFiles.SuperblockName, MetaFiles.SuperblockInode), (MetaFiles.LogName, MetaFiles.LogInode)], []);
        }

        var directory = Directory(inode);
        var head = new List<(string, ulong)> { (".", inode), ("..", directory.Parent?.Inode ?? inode) };
        if (directory.Parent is null)
        {
            head.Add((MetaFiles.DirectoryName, MetaFiles.DirectoryInode));
        }

        return (head, _listings.Of(directory).Children);
    }

    /// <summary>
    /// Judges a request as default_permissions does, with the attributes this mount serves:
    /// <paramref name="wanted"/> on the inode itself; EACCES otherwise. The path to it was
    /// judged step by step, each step a lookup needing search permission on its directory.
    /// </summary>
    private void Demand(FuseRequest request, ulong inode, AccessRights wanted)
    {
        var caller = request.Uid == 0 ? RootCaller : new Caller(request.Uid, request.Gid, request.SupplementaryGroups);
        if (MetaFiles.IsMeta(inode))
        {
            var isDirectory = inode == MetaFiles.DirectoryInode;
            if (!Namespace.Access.Allows(isDirectory ? MetaFiles.DirectoryMode : MetaFiles.FileMode, 0, 0, isDirectory, caller, wanted))
            {
                throw new FamfsException(Errno.EACCES, $"permission denied: {caller} may not reach the .meta files, which are root's");
            }

            return;
        }

        var node = Node(inode);
        if (!Namespace.Access.Allows(EffectiveMode(node), node.Uid, node.Gid, node is FsDirectory, caller, wanted))
        {
            throw Namespace.Access.Denied(node, caller, wanted);
        }
    }

    private FileAttributes AttributesOf(ulong inode) => MetaFiles.IsMeta(inode) ? MetaAttributes(inode) : Attributes(Node(inode));

    private FsNode Node(ulong inode) =>
        fs.Tree.FindByInode(inode) ?? throw new FamfsException(Errno.ENOENT, $"no inode {inode} in this famfs file system");

    private FsDirectory Directory(ulong inode) => Node(inode) as FsDirectory
        ?? throw new FamfsException(Errno.ENOTDIR, $"inode {inode} is not a directory");

    /// <summary>Clients see files read-only unless the entry allows every host to write (FORMAT.md: ALL_HOSTS_RW).</summary>
    private uint EffectiveMode(FsNode node)
    {
        var mode = node.Mode & 0xFFF;
        var writableHere = fs.Role == Role.Master || (node is FsFile f && (f.Flags & FormatConstants.FlagAllHostsReadWrite) != 0);
        return writableHere ? mode : mode & ~(uint)ReadWriteBits;
    }

    private FileAttributes Attributes(FsNode node) => new()
    {
        Inode = node.Inode,
        Type = node is FsDirectory ? FileType.Directory : FileType.RegularFile,
        Permissions = (UnixFileMode)EffectiveMode(node),
        LinkCount = node is FsDirectory d ? 2 + (uint)_listings.Of(d).Subdirectories : 1,
        Uid = node.Uid,
        Gid = node.Gid,
        Size = node is FsFile file ? (long)file.Size : 0,
        AccessTime = _mounted,
        ModifyTime = _mounted,
        ChangeTime = _mounted,
    };

    private FileAttributes MetaAttributes(ulong inode)
    {
        var isDirectory = inode == MetaFiles.DirectoryInode;
        return new FileAttributes
        {
            Inode = inode,
            Type = isDirectory ? FileType.Directory : FileType.RegularFile,
            Permissions = (UnixFileMode)(isDirectory ? MetaFiles.DirectoryMode : MetaFiles.FileMode),
            LinkCount = isDirectory ? 2u : 1u,
            Size = isDirectory ? 0 : (long)MetaFiles.Extent(inode, fs.Superblock).Length,
            AccessTime = _mounted,
            ModifyTime = _mounted,
            ChangeTime = _mounted,
        };
    }
}
