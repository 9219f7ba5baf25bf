using Famfs.Allocation;
using Famfs.Devices;
using Famfs.Errors;
using Famfs.Format;
using Famfs.Identity;
using Famfs.Interop;
using Famfs.Log;
using Famfs.Namespace;

namespace Famfs.Files;

/// <summary>Creating directories and files: the master's side, serialised on the log lock.</summary>
public sealed partial class FamfsFileSystem
{
    /// <summary>Creates directory <paramref name="path"/> (and with <paramref name="parents"/> any missing parents; an existing directory is then fine).</summary>
    public FsDirectory CreateDirectory(string path, CreateOptions? options = null, bool parents = false)
    {
        options ??= new CreateOptions();
        var relative = Normalize(path);
        using var held = BeginCreate();
        var existing = _tree.Find(relative);
        if (existing is FsDirectory dir && parents)
        {
            return dir;
        }

        if (existing is not null)
        {
            throw new FamfsException(Errno.EEXIST, $"'{relative}' already exists", parents ? "it is not a directory" : "use -p to accept an existing directory");
        }

        var components = relative.Split('/');
        for (var depth = parents ? 1 : components.Length; depth <= components.Length; depth++)
        {
            var prefix = string.Join('/', components[..depth]);
            if (_tree.Find(prefix) is null)
            {
                var (parent, name) = ResolveNew(prefix);
                Append(
                    new MkdirEntry
                    {
                        Path = parent.ChildPath(name),
                        Mode = options.Mode ?? 0x1ED, // 0755
                        Uid = options.Uid ?? Credentials.EffectiveUid(),
                        Gid = options.Gid ?? Credentials.EffectiveGid(),
                    },
                    parent,
                    name);
            }
        }

        return (FsDirectory)_tree.Find(relative)!;
    }

    /// <summary>Creates and allocates file <paramref name="path"/> of <paramref name="size"/> bytes (size is fixed for its life).</summary>
    public FsFile CreateFile(string path, ulong size, CreateOptions? options = null) =>
        CreateFiles([(path, size)], options)[0];

    /// <summary>
    /// Creates many files under one hold of the log lock (the cost of locking and catching up
    /// with the log is paid once). Each file is one log entry, appended in order: if one fails
    /// (name exists, no space, log full), the ones before it exist and the rest do not.
    /// </summary>
    public IReadOnlyList<FsFile> CreateFiles(IReadOnlyList<(string Path, ulong Size)> files, CreateOptions? options = null)
    {
        options ??= new CreateOptions();
        var uid = options.Uid ?? Credentials.EffectiveUid();
        var gid = options.Gid ?? Credentials.EffectiveGid();
        var created = new List<FsFile>(files.Count);
        using var held = BeginCreate();
        foreach (var (path, size) in files)
        {
            if (size == 0)
            {
                throw new FamfsException(Errno.EINVAL, $"cannot create '{path}' with size 0: famfs files are pre-allocated", "give a size of at least 1 byte");
            }

            var (parent, name) = ResolveNew(Normalize(path));
            var map = _allocator.Choose(size, options.Interleave);
            created.Add((FsFile)Append(
                new FileEntry
                {
                    Path = parent.ChildPath(name),
                    Size = size,
                    Mode = options.Mode ?? 0x1A4, // 0644
                    Uid = uid,
                    Gid = gid,
                    Map = map,
                },
                parent,
                name));
        }

        return created;
    }

    /// <summary>Logs a second file with the extents of <paramref name="source"/>: a deliberate cross-link, for testing fsck only.</summary>
    public FsFile CloneForTesting(string source, string destination)
    {
        var src = Find(source) as FsFile ?? throw new FamfsException(Errno.ENOENT, $"'{source}' is not a file in this famfs file system");
        var relative = Normalize(destination);
        using var held = BeginCreate();
        var (parent, name) = ResolveNew(relative);
        Append(src.Entry with { Path = parent.ChildPath(name) }, parent, name);
        return (FsFile)_tree.Find(relative)!;
    }

    private LogWriter.LogLock BeginCreate()
    {
        if (Options.ReadOnly)
        {
            throw new FamfsException(Errno.EROFS, $"famfs file system on {Device.Path} was opened read-only");
        }

        if (Role != Role.Master)
        {
            throw new NotMasterException(
                $"this host ({SystemUuid}) is a client of file system {Superblock.FsUuid}; only master {Superblock.SystemUuid} may create files",
                "run the command on the master host");
        }

        var held = _log.Acquire();
        try
        {
            RefreshLog(); // other processes may have appended since we last looked
            return held;
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    private (FsDirectory Parent, string Name) ResolveNew(string relative)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(relative) > FormatConstants.MaxPathBytes)
        {
            throw new FamfsException(Errno.ENAMETOOLONG,
                $"path '{relative}' is longer than {FormatConstants.MaxPathBytes} bytes, the most a famfs log entry holds", "use a shorter path");
        }

        if (_tree.Find(relative) is not null)
        {
            throw new FamfsException(Errno.EEXIST, $"'{relative}' already exists");
        }

        var target = PathResolver.ResolveForCreate(_tree.Root, relative, out var problem);
        return target ?? throw new FamfsException(Errno.ENOENT, $"cannot create '{relative}': {problem}", "create the parent directory first (famfs mkdir -p)");
    }


    /// <summary>
    /// Appends under the log lock (held by the caller) and plays the entry we just wrote, without
    /// reading it back or resolving its path again (<paramref name="parent"/>/<paramref name="name"/>
    /// is where it goes; its space was claimed when it was allocated).
    /// </summary>
    private FsNode Append(LogEntry entry, FsDirectory parent, string name)
    {
        // Nothing is claimed before the append succeeds: a failed append changes no state.
        var index = _log.Append(entry);
        PlayOutcome played;
        lock (_stateLock)
        {
            // Nothing else can have been appended: we hold the log lock and refreshed before appending.
            played = LogPlayer.PlayAppended(_tree, index, entry with { Seqnum = index }, parent, name);
            if (entry is FileEntry file)
            {
                foreach (var extent in file.Map.DeviceExtents)
                {
                    _allocator.Map.Claim(extent, _owners);
                }

                _owners++;
            }
        }

        AnnouncePlayed([played]);
        return played.Problem is null && _tree.FindByInode(FsNode.InodeForIndex(index)) is { } node
            ? node
            : throw new FamfsException(Errno.EIO, $"log entry {index} was written but could not be played: {played.Problem}");
    }
}
