using System.Diagnostics;
using Famfs.Allocation;
using Famfs.Devices;
using Famfs.Errors;
using Famfs.Format;
using Famfs.Identity;
using Famfs.Interop;
using Famfs.Log;
using Famfs.Namespace;

namespace Famfs.Files;

/// <summary>
/// Creating directories and files: the master's side, serialised on the log lock.
/// </summary>
public sealed partial class FamfsFileSystem
{
    // Callers that give no options share one (options are immutable).
    private static readonly CreateOptions DefaultCreateOptions = new();

    // The process's effective uid and gid, read on the first create: two system calls per
    // create were a tenth of its cost. A process that changes identity while it has a file
    // system open passes Uid and Gid in CreateOptions.
    private (uint Uid, uint Gid)? _processOwner;

    /// <summary>Creates directory <paramref name="path"/> (and with <paramref name="parents"/> any missing parents; an existing directory is then fine).</summary>
    public FsDirectory CreateDirectory(string path, CreateOptions? options = null, bool parents = false)
    {
        options ??= DefaultCreateOptions;
        var relative = Normalize(path);
        using var held = BeginCreate();
        var (uid, gid) = Owner(options);
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
                MkdirLocked(prefix, (uint?)options.Mode, uid, gid);
            }
        }

        return (FsDirectory)_tree.Find(relative)!;
    }

    /// <summary>
    /// Creates directories and files, in order, under one hold of the log lock, after checking
    /// every one of them first: paths and names, parents (existing, or a directory earlier in
    /// the list), what exists already, free log entries and free space. When a check fails,
    /// nothing is logged. A directory that exists already is taken as it is. Files get their
    /// entry's mode or else the options' mode, directories their entry's mode or else 0755 (as the parents mkdir -p makes). Only what checking
    /// cannot foresee (free space too fragmented or striping overhead, a failing device) stops
    /// it part-way; the entries before the failure then exist, the others do not.
    /// </summary>
    /// <returns>The node of each entry, in order.</returns>
    internal IReadOnlyList<FsNode> CreateAll(IReadOnlyList<NewEntry> entries, CreateOptions? options = null)
    {
        options ??= DefaultCreateOptions;
        using var held = BeginCreate();
        var (uid, gid) = Owner(options);
        CheckAll(entries, options);
        var nodes = new List<FsNode>(entries.Count);
        foreach (var entry in entries)
        {
            nodes.Add(entry.Size is { } size
                ? CreateLocked(entry.Path, size, entry.Mode is null ? options : options with { Mode = (UnixFileMode?)entry.Mode }, uid, gid)
                : _tree.Find(Normalize(entry.Path)) as FsDirectory ?? MkdirLocked(Normalize(entry.Path), entry.Mode, uid, gid));
        }

        return nodes;
    }

    /// <summary>What <see cref="CreateAll"/> checks before it logs anything. Only under the log lock (asserted).</summary>
    private void CheckAll(IReadOnlyList<NewEntry> entries, CreateOptions options)
    {
        Debug.Assert(_log.IsHeldByCurrentThread);
        options.Interleave?.Validate(_allocator.Map.DeviceSize, _allocator.Map.Unit);
        var planned = new Dictionary<string, bool>(StringComparer.Ordinal); // path → is a directory
        ulong appends = 0;
        ulong units = 0;
        foreach (var entry in entries)
        {
            var relative = Normalize(entry.Path);
            if (entry.Size is { } size)
            {
                CheckFile(entry.Path, size);
            }

            CheckNewPath(relative);
            var existing = _tree.Find(relative);
            var plannedKind = planned.TryGetValue(relative, out var isDirectory) ? isDirectory : (bool?)null;
            if (entry.Size is null && (existing is FsDirectory || plannedKind == true))
            {
                continue;
            }

            if (existing is not null || plannedKind is not null)
            {
                throw new FamfsException(Errno.EEXIST, $"'{relative}' already exists{(existing is FsDirectory || plannedKind == true ? " as a directory" : string.Empty)}");
            }

            var slash = relative.LastIndexOf('/');
            if (slash > 0)
            {
                var parent = relative[..slash];
                var parentNode = _tree.Find(parent);
                if (parentNode is not FsDirectory && !(planned.TryGetValue(parent, out var parentIsDirectory) && parentIsDirectory))
                {
                    throw parentNode is null && !planned.ContainsKey(parent)
                        ? new FamfsException(Errno.ENOENT, $"cannot create '{relative}': parent directory '{parent}' does not exist", "create the parent directory first (famfs mkdir -p)")
                        : new FamfsException(Errno.ENOTDIR, $"cannot create '{relative}': '{parent}' is a file, not a directory");
                }
            }

            planned.Add(relative, entry.Size is null);
            appends++;
            units += entry.Size is { } bytes ? Math.Max(1, (bytes + _allocator.Map.Unit - 1) / _allocator.Map.Unit) : 0;
        }

        var freeEntries = _metadata.Capacity - _log.NextIndex();
        if (appends > freeEntries)
        {
            throw new FamfsException(Errno.ENOSPC,
                $"the log of {Device.Path} has room for {freeEntries} more entries; these {appends} directories and files need one each",
                "create fewer at once, or make a new file system with a larger --loglen");
        }

        var usage = Usage;
        if (units > usage.FreeUnits)
        {
            throw new FamfsException(Errno.ENOSPC,
                $"{Device.Path} has {Units.Human(usage.FreeUnits * usage.Unit)} free; these files need at least {Units.Human(units * usage.Unit)}",
                "use a larger device, or create less");
        }
    }

    /// <summary>Creates and allocates file <paramref name="path"/> of <paramref name="size"/> bytes (size is fixed for its life).</summary>
    public FsFile CreateFile(string path, ulong size, CreateOptions? options = null)
    {
        options ??= DefaultCreateOptions;
        using var held = BeginCreate();
        var (uid, gid) = Owner(options);
        return CreateLocked(path, size, options, uid, gid);
    }

    /// <summary>
    /// Creates many files under one hold of the log lock (the cost of locking and catching up
    /// with the log is paid once). Each file is one log entry, appended in order: if one fails
    /// (name exists, no space, log full), the ones before it exist and the rest do not.
    /// </summary>
    public IReadOnlyList<FsFile> CreateFiles(IReadOnlyList<(string Path, ulong Size)> files, CreateOptions? options = null)
    {
        options ??= DefaultCreateOptions;
        var created = new List<FsFile>(files.Count);
        using var held = BeginCreate();
        var (uid, gid) = Owner(options);
        foreach (var (path, size) in files)
        {
            created.Add(CreateLocked(path, size, options, uid, gid));
        }

        return created;
    }

    /// <summary>Logs a second file with the extents of <paramref name="source"/>: a deliberate cross-link, for testing fsck only.</summary>
    internal FsFile CloneForTesting(string source, string destination)
    {
        var src = Find(source) as FsFile ?? throw new FamfsException(Errno.ENOENT, $"'{source}' is not a file in this famfs file system");
        var relative = Normalize(destination);
        using var held = BeginCreate();
        var (parent, name) = ResolveNew(relative);
        Append(src.Entry with { Seqnum = _log.NextIndex(), Path = parent.ChildPath(name) }, parent, name);
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
            if (_metadataPoisoned)
            {
                throw MetadataPoisonedError();
            }

            if (_tree.Damage is { } damage)
            {
                throw Damaged(damage);
            }

            return held;
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    /// <summary>One file of <see cref="CreateFile"/> or <see cref="CreateFiles"/>: checked, allocated, logged and played. Only under the log lock (asserted).</summary>
    private FsFile CreateLocked(string path, ulong size, CreateOptions options, uint uid, uint gid)
    {
        Debug.Assert(_log.IsHeldByCurrentThread);
        CheckFile(path, size);
        var (parent, name) = ResolveNew(Normalize(path));
        var map = _allocator.Choose(size, options.Interleave);
        return (FsFile)Append(
            new FileEntry
            {
                Seqnum = _log.NextIndex(),
                Path = parent.ChildPath(name),
                Size = size,
                Mode = (uint?)options.Mode ?? 0x1A4, // 0644
                Uid = uid,
                Gid = gid,
                Map = map,
            },
            parent,
            name);
    }

    /// <summary>Rules for a new file that need no tree: a size, that fits the device, and a name that is no directory's.</summary>
    private void CheckFile(string path, ulong size)
    {
        if (path.EndsWith('/'))
        {
            throw new FamfsException(Errno.EISDIR, $"cannot create file '{path}': a trailing '/' names a directory",
                "drop the trailing '/' to create a file, or use famfs mkdir to create a directory");
        }

        if (size == 0)
        {
            throw new FamfsException(Errno.EINVAL, $"cannot create '{path}' with size 0: famfs files are pre-allocated", "give a size of at least 1 byte");
        }

        if (size > Device.Size)
        {
            throw new FamfsException(Errno.EFBIG, $"cannot create '{path}' with size {size}: the device holds only {Device.Size} bytes ({Units.Human(Device.Size)})",
                "give a smaller size");
        }
    }

    /// <summary>Logs directory <paramref name="relative"/> (normalised; its parent exists). Only under the log lock (asserted).</summary>
    private FsDirectory MkdirLocked(string relative, uint? mode, uint uid, uint gid)
    {
        Debug.Assert(_log.IsHeldByCurrentThread);
        var (parent, name) = ResolveNew(relative);
        return (FsDirectory)Append(
            new MkdirEntry
            {
                Seqnum = _log.NextIndex(),
                Path = parent.ChildPath(name),
                Mode = mode ?? 0x1ED, // 0755
                Uid = uid,
                Gid = gid,
            },
            parent,
            name);
    }

    /// <summary>Who owns what is created with <paramref name="options"/>: as given, or the process's effective ids. Caller holds the log lock.</summary>
    private (uint Uid, uint Gid) Owner(CreateOptions options)
    {
        if (options is { Uid: { } uid, Gid: { } gid })
        {
            return (uid, gid);
        }

        var process = _processOwner ??= (Credentials.EffectiveUid(), Credentials.EffectiveGid());
        return (options.Uid ?? process.Uid, options.Gid ?? process.Gid);
    }

    /// <summary>Where a new entry at normalised path <paramref name="relative"/> goes; throws when the path is too long, taken, or has no parent directory.</summary>
    private (FsDirectory Parent, string Name) ResolveNew(string relative)
    {
        CheckNewPath(relative);

        // A path that exists resolves to its parent, so one resolution answers both questions.
        if (!PathResolver.TryResolveForCreate(_tree.Root, relative, out var target, out var problem))
        {
            throw new FamfsException(Errno.ENOENT, $"cannot create '{relative}': {problem}", "create the parent directory first (famfs mkdir -p)");
        }

        return target.Parent.Find(target.Name) is null ? target : throw new FamfsException(Errno.EEXIST, $"'{relative}' already exists");
    }

    /// <summary>
    /// Refuses a new normalised path (see <see cref="Normalize"/>) that breaks a rule needing no
    /// tree: it must fit a log entry and must not be the mount's own .meta. Creates check it
    /// themselves; callers that plan many creates can check early with it.
    /// </summary>
    internal static void CheckNewPath(string relative)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(relative) > FormatConstants.MaxPathBytes)
        {
            throw new FamfsException(Errno.ENAMETOOLONG,
                $"path '{relative}' is longer than {FormatConstants.MaxPathBytes} bytes, the most a famfs log entry holds", "use a shorter path");
        }

        if (PathResolver.IsUnderMeta(relative))
        {
            throw new FamfsException(Errno.EINVAL,
                $"cannot create '{relative}': '{PathResolver.MetaDirectoryName}' at the root is reserved for the mount's metadata files (.meta/.superblock, .meta/.log)",
                "choose another name");
        }
    }

    /// <summary>
    /// Appends <paramref name="entry"/> (whose Seqnum is the next log index) under the log lock
    /// (held by the caller) and plays it, without reading it back or resolving its path again
    /// (<paramref name="parent"/>/<paramref name="name"/> is where it goes; its space was chosen,
    /// not claimed, when it was allocated).
    /// </summary>
    private FsNode Append(LogEntry entry, FsDirectory parent, string name)
    {
        // Nothing is claimed before the append succeeds: a failed append changes no state.
        _log.Append(entry);
        FsNode? node;
        lock (_stateLock)
        {
            // Nothing else can have been appended: we hold the log lock and refreshed before appending.
            node = LogPlayer.PlayAppended(_tree, entry, parent, name);
            if (entry is FileEntry file)
            {
                _admission.ClaimCreated(entry.Seqnum, file.Map);
            }
        }

        if (node is null)
        {
            throw new FamfsException(Errno.EIO, $"log entry {entry.Seqnum} was written but could not be played: '{parent.ChildPath(name)}' already exists");
        }

        // As AnnouncePlayed does for log play: paths are announced only while somebody waits or subscribes.
        if (_watcher.HasWaiters)
        {
            _pathTokens.Announce(node);
        }

        return node;
    }
}
