using System.Diagnostics;
using Famfs.Errors;
using Famfs.Files;

namespace Famfs.Daemon;

/// <summary>
/// The famfs files the kernel has open, by FUSE file handle. Read-only opens of one inode share
/// one <see cref="FamfsFile"/>, and up to <see cref="IdleReaders"/> of those stay mapped after
/// their last close (least recently used go first): the daemon's page tables for them survive,
/// so re-reading a file whose pages the kernel dropped costs no page faults (one per 4 KiB page
/// otherwise), while the number of mappings stays bounded. A revoked shared file (poison, claim)
/// is replaced on the next open, which then fails as the file system says; it is disposed once
/// its last handle is released. Writable opens get a file of their own.
/// </summary>
internal sealed class OpenFileTable : IDisposable
{
    public const int IdleReaders = 64;

    private readonly Lock _lock = new();
    private readonly Dictionary<ulong, FamfsFile> _byHandle = [];
    private readonly Dictionary<FamfsFile, int> _handleCounts = [];
    private readonly Dictionary<ulong, FamfsFile> _sharedReaders = [];
    private readonly LinkedList<ulong> _idle = new(); // inodes of shared readers with no handle, oldest first
    private long _next;

    /// <summary>
    /// A handle on the shared read-only file of <paramref name="inode"/>, opening it with
    /// <paramref name="open"/> if needed; <paramref name="reused"/> says whether it was still mapped.
    /// </summary>
    public ulong AddReader(ulong inode, Func<FamfsFile> open, out bool reused)
    {
        lock (_lock)
        {
            reused = _sharedReaders.TryGetValue(inode, out var file) && !file.IsRevoked;
            if (!reused || file is null)
            {
                if (file is not null)
                {
                    _sharedReaders.Remove(inode);
                    _idle.Remove(inode);
                    DisposeIfUnused(file);
                }

                file = open();
                _sharedReaders[inode] = file;
            }

            _idle.Remove(inode);
            return AddLocked(file);
        }
    }

    /// <summary>A handle on a file of its own (writable opens).</summary>
    public ulong Add(FamfsFile file)
    {
        lock (_lock)
        {
            return AddLocked(file);
        }
    }

    public FamfsFile Get(ulong handle)
    {
        lock (_lock)
        {
            return _byHandle.TryGetValue(handle, out var file) ? file : throw new FamfsException(Errno.EBADF, $"no open file with handle {handle}");
        }
    }

    public void Remove(ulong handle)
    {
        lock (_lock)
        {
            if (!_byHandle.Remove(handle, out var file))
            {
                return;
            }

            var left = --_handleCounts[file];
            if (left > 0)
            {
                return;
            }

            _handleCounts.Remove(file);
            var inode = _sharedReaders.FirstOrDefault(p => ReferenceEquals(p.Value, file)).Key;
            if (inode == 0)
            {
                file.Dispose(); // a writable open, or a replaced shared reader
                return;
            }

            _idle.AddLast(inode);
            while (_idle.Count > IdleReaders)
            {
                var oldest = _idle.First!.Value;
                _idle.RemoveFirst();
                _sharedReaders.Remove(oldest, out var evicted);
                evicted?.Dispose();
            }
        }
    }

    /// <summary>What is open or still mapped right now, for the administration interface.</summary>
    public IReadOnlyList<OpenFileState> Snapshot()
    {
        lock (_lock)
        {
            var idle = _idle.ToHashSet();
            var shared = _sharedReaders.ToDictionary(p => p.Value, p => p.Key);
            return [.. _handleCounts.Keys.Concat(_sharedReaders.Values).Distinct()
                .Select(file => new OpenFileState(
                    file.Path,
                    _handleCounts.GetValueOrDefault(file),
                    file.Writable,
                    Shared: shared.ContainsKey(file),
                    Idle: shared.TryGetValue(file, out var inode) && idle.Contains(inode)))
                .OrderBy(s => s.Path, StringComparer.Ordinal)];
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var file in _byHandle.Values.Concat(_sharedReaders.Values).Distinct())
            {
                file.Dispose();
            }

            _byHandle.Clear();
            _handleCounts.Clear();
            _sharedReaders.Clear();
            _idle.Clear();
        }
    }

    private ulong AddLocked(FamfsFile file)
    {
        Debug.Assert(_lock.IsHeldByCurrentThread, "the table's lock must be held");
        var handle = (ulong)Interlocked.Increment(ref _next);
        _byHandle[handle] = file;
        _handleCounts[file] = _handleCounts.GetValueOrDefault(file) + 1;
        return handle;
    }

    private void DisposeIfUnused(FamfsFile file)
    {
        Debug.Assert(_lock.IsHeldByCurrentThread, "the table's lock must be held");
        if (!_handleCounts.ContainsKey(file))
        {
            file.Dispose();
        }
    }
}

/// <param name="Handles">Open FUSE handles on it (0 for a mapped reader kept after its last close).</param>
/// <param name="Shared">One of the shared read-only files (see <see cref="OpenFileTable"/>).</param>
/// <param name="Idle">Kept mapped with no handle, to be evicted least recently used first.</param>
internal sealed record OpenFileState(string Path, int Handles, bool Writable, bool Shared, bool Idle);
