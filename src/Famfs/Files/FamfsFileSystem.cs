using System.Diagnostics;
using Famfs.Allocation;
using Famfs.Devices;
using Famfs.Errors;
using Famfs.Format;
using Famfs.Identity;
using Famfs.Interop;
using Famfs.Lifecycle;
using Famfs.Log;
using Famfs.Namespace;

namespace Famfs.Files;

/// <summary>
/// A famfs file system on a memory device: the library's entry point. Any host can list,
/// stat and open files (the tree follows the log incrementally); only the master creates.
/// Thread-safe: creates serialise on the log lock, lookups run concurrently.
/// Lifecycle (docs/LIFECYCLE.md): each opened file has an <see cref="AddressSpace"/>, the
/// metadata is a tracked raw view, memory failures are recorded per host
/// (FamfsFileSystem.Poison.cs) and paths can be waited for (FamfsFileSystem.Watch.cs).
/// </summary>
public sealed partial class FamfsFileSystem : IDisposable
{
    private static int s_instances;

    private readonly FamfsMetadata _metadata;
    private readonly LogWriter _log;
    private readonly Lock _stateLock = new();
    private readonly FileSpaces _spaces;
    private readonly PathTokens _pathTokens;
    private readonly PoisonLedger _ledger;
    private readonly LogWatcher _watcher;
    private readonly CancellationTokenSource _disposed = new();
    private readonly FsTree _tree = new();
    private readonly SpaceAdmission _admission;
    private readonly Allocator _allocator;
    private volatile bool _metadataPoisoned;

    private FamfsFileSystem(MemoryDevice device, FamfsMetadata metadata, FileSystemOptions options, Guid systemUuid)
    {
        Device = device;
        _metadata = metadata;
        Options = options;
        SystemUuid = systemUuid;
        FlushCaches = options.Cache == CacheMode.Flush || (options.Cache == CacheMode.Auto && device.Kind == DeviceKind.DaxCharDevice);
        _log = new LogWriter(metadata, FlushCaches);
        var instance = Interlocked.Increment(ref s_instances);
        _watcher = new LogWatcher(() => Refresh(), options.WatchPollInterval);
        // Somebody listening for a path must hear it appear even when another host creates it: the log is polled meanwhile.
        Events = new TokenEventRegistry(token => token.Kind == LifecycleTokenKind.Path ? _watcher.Enlist() : null);
        Events.HandlerFailed += (tokenEvent, failure) => EngineLog.HandlerFailed(options.Logger, failure, tokenEvent);
        _spaces = new FileSpaces(device, $"[fs {metadata.Superblock.FsUuid.ToString("D")[..8]}#{instance}]", Events);
        _pathTokens = new PathTokens(Events);
        _ledger = PoisonLedger.For(options.RunDirectory, metadata.Superblock.FsUuid);
        RefuseIfMetadataPoisoned(_ledger, metadata.Superblock, device.Path);
        _admission = SpaceAdmission.For(Superblock, device.SizeBytes);
        _allocator = new Allocator(_admission.Map);
        Refresh();
        if (!options.ReadOnly && _tree.Damage is { } damage)
        {
            throw Damaged(damage);
        }

        OpenSharedArea();
        if (Shared is not null)
        {
            Refresh(); // the shared poison list and this host's first heartbeat
        }
    }

    public MemoryDevice Device { get; }

    public FileSystemOptions Options { get; }

    public Superblock Superblock => _metadata.Superblock;

    public Guid SystemUuid { get; }

    public Role Role => Roles.Of(Superblock, SystemUuid);

    /// <summary>Whether metadata cache lines are flushed and invalidated (see <see cref="CacheMode"/>).</summary>
    public bool FlushCaches { get; }

    /// <summary>The namespace as of the last <see cref="Refresh"/>.</summary>
    internal FsTree Tree => _tree;

    /// <summary>Capacity and free space in allocation units, as of the last <see cref="Refresh"/>.</summary>
    public SpaceUsage Usage
    {
        get
        {
            lock (_stateLock)
            {
                var map = _allocator.Map;
                return new SpaceUsage((long)map.Unit, map.UnitCount, map.UnitCount - map.AllocatedUnits, _tree.FileCount, _tree.DirectoryCount);
            }
        }
    }

    /// <summary>The raw bytes of the superblock area and the log, read-only (the .meta files of a mount).</summary>
    internal ReadOnlySpan<byte> MetadataBytes(ulong offset, int length) => _metadata.Mapping.Read(offset, length);

    /// <summary>Writes back and invalidates the processor cache lines of the superblock area and the log (famfs flush of the .meta files).</summary>
    internal void FlushMetadataCaches() => _metadata.Mapping.FlushProcessorCaches();

    /// <summary>Opens the file system on the device at <paramref name="devicePath"/>.</summary>
    public static FamfsFileSystem Open(string devicePath, FileSystemOptions? options = null)
    {
        options ??= new FileSystemOptions();
        var device = MemoryDevice.Open(devicePath, writable: !options.ReadOnly);
        try
        {
            var metadata = FamfsMetadata.Open(device, writable: !options.ReadOnly);
            return new FamfsFileSystem(device, metadata, options, options.SystemUuid ?? SystemIdentity.Current());
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Plays log entries appended since the last refresh (O(new entries)), picks up memory
    /// failures other processes and hosts recorded and writes this host's heartbeat; returns what was played.
    /// </summary>
    internal IReadOnlyList<PlayOutcome> Refresh()
    {
        var outcomes = RefreshLog();
        SyncPoison();
        Heartbeat();
        return outcomes;
    }

    private IReadOnlyList<PlayOutcome> RefreshLog()
    {
        if (_metadataPoisoned)
        {
            return []; // the log's view is revoked: nothing more can be played
        }

        // The common case, asked before every create: nobody appended since (no lock, no allocation).
        if (_log.ReadNextIndex() <= _tree.NextIndex && !_log.IsCommitted(_tree.NextIndex))
        {
            return [];
        }

        IReadOnlyList<PlayOutcome> outcomes;
        lock (_stateLock)
        {
            var header = _log.ReadHeader();
            var capacity = _metadata.Capacity;
            if (header.NextIndex > capacity)
            {
                // The header changed under us (another host, or damage): never read past the log.
                throw new MetadataCorruptException(
                    $"log header of {Device.Path}: next index {header.NextIndex} is past the end of the log ({capacity} entries)",
                    "run 'famfs fsck'");
            }

            if (header.NextIndex > _tree.NextIndex)
            {
                _log.Invalidate(FamfsMetadata.EntryOffset(_tree.NextIndex),
                    (int)((header.NextIndex - _tree.NextIndex) * FormatConstants.LogEntrySize));
            }

            outcomes = PlayAndClaim(_metadata.ReadRecords(_tree.NextIndex));
        }

        AnnouncePlayed(outcomes);
        return outcomes;
    }

    /// <summary>Plays records into the tree; their files' space is judged and claimed by the admission. Only under the state lock (asserted).</summary>
    private IReadOnlyList<PlayOutcome> PlayAndClaim(IEnumerable<LogRecord> records)
    {
        Debug.Assert(_stateLock.IsHeldByCurrentThread);
        return LogPlayer.Play(_tree, records, _admission);
    }

    /// <summary>
    /// The error for writing to a damaged file system: nothing may be appended to a log whose
    /// entries fail validation (an append would take space from files logged after the damage,
    /// which play cannot see), and nothing fsck rejects is served writable.
    /// </summary>
    private MetadataCorruptException Damaged(PlayOutcome damage) => new(
        $"famfs file system on {Device.Path} is damaged at {damage.Describe()}",
        "open it read-only to rescue the files logged before that entry, and run 'famfs fsck'");

    /// <summary>The node at <paramref name="path"/> ("" or "/" is the root), or null.</summary>
    public FsNode? Find(string path) => path.AsSpan().Trim('/').IsEmpty ? _tree.Root : _tree.Find(Normalize(path));

    /// <summary>
    /// Opens a file for zero-copy access: <see cref="FileAccess.Read"/>, or
    /// <see cref="FileAccess.ReadWrite"/> (<see cref="FileAccess.Write"/> alone means the same:
    /// a writable mapping is readable too), which needs a file system opened read-write.
    /// </summary>
    public FamfsFile OpenFile(string path, FileAccess access = FileAccess.Read) => OpenFile(path, FileAccessChoice.IsWritable(access));

    internal FamfsFile OpenFile(string path, bool writable)
    {
        Refresh();
        return OpenFound(Find(path), path, writable);
    }

    private FamfsFile OpenFound(FsNode? node, string path, bool writable) => node switch
    {
        FsFile file => OpenNode(file, writable),
        FsDirectory => throw new FamfsException(Errno.EISDIR, $"'{path}' is a directory, not a file"),
        _ => throw new FamfsException(Errno.ENOENT, $"'{path}' does not exist in famfs file system {Superblock.FsUuid}"),
    };

    /// <summary>
    /// Closes the file system: waiters for paths fail with ObjectDisposedException, every file's
    /// address space is destroyed (revoking mappings still open), then metadata and device close.
    /// </summary>
    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _disposed.Cancel();
        Heartbeat(); // the last word: when this process left, and how far it had played
        try
        {
            _spaces.Dispose();
        }
        finally
        {
            _pathTokens.Dispose();
            Shared?.Dispose();
            _metadata.Dispose();
            Device.Dispose();
            _disposed.Dispose();
        }
    }

    /// <summary>"/a//b/" → "a/b": callers may write paths with a leading slash meaning the file-system root.</summary>
    public static string Normalize(string path)
    {
        if (IsNormal(path))
        {
            return path; // the common case, without allocating
        }

        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToArray();
        if (parts.Length == 0)
        {
            throw new FamfsException(Errno.EINVAL, $"path '{path}' names the root, not a file or directory");
        }

        if (parts.Contains(".."))
        {
            throw new FamfsException(Errno.EINVAL, $"path '{path}' contains '..'", "give a path without '..'");
        }

        return string.Join('/', parts);
    }

    /// <summary>No leading, trailing or doubled '/', and no "." or ".." component (one pass: it runs for every create and lookup).</summary>
    private static bool IsNormal(string path)
    {
        var rest = path.AsSpan();
        while (true)
        {
            var slash = rest.IndexOf('/');
            var component = slash < 0 ? rest : rest[..slash];
            if (component.IsEmpty || component is "." or "..")
            {
                return false;
            }

            if (slash < 0)
            {
                return true;
            }

            rest = rest[(slash + 1)..];
        }
    }
}
