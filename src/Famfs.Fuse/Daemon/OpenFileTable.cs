using System.Collections.Concurrent;
using Famfs.Errors;
using Famfs.Files;

namespace Famfs.Fuse.Daemon;

/// <summary>
/// The famfs files the kernel has open, by FUSE file handle. Read-only opens of one inode share
/// one <see cref="FamfsFile"/> that stays mapped after the last close: the daemon's page tables
/// for it survive, so re-reading a file whose pages the kernel dropped costs no page faults
/// (one per 4 KiB page otherwise). A revoked shared file (poison, claim) is replaced on the next
/// open, which then fails as the file system says. Writable opens get a file of their own.
/// </summary>
internal sealed class OpenFileTable : IDisposable
{
    private readonly ConcurrentDictionary<ulong, FamfsFile> _open = new();
    private readonly ConcurrentDictionary<ulong, FamfsFile> _sharedReaders = new();
    private readonly Lock _sharing = new();
    private long _next;

    /// <summary>A handle on the shared read-only file of <paramref name="inode"/>, opening it with <paramref name="open"/> if needed.</summary>
    public ulong AddReader(ulong inode, Func<FamfsFile> open)
    {
        FamfsFile file;
        lock (_sharing)
        {
            if (!_sharedReaders.TryGetValue(inode, out file!) || file.IsRevoked)
            {
                if (file is not null)
                {
                    _sharedReaders.TryRemove(inode, out _);
                    file.Dispose();
                }

                file = open();
                _sharedReaders[inode] = file;
            }
        }

        return Add(file);
    }

    /// <summary>A handle on a file of its own (writable opens).</summary>
    public ulong Add(FamfsFile file)
    {
        var handle = (ulong)Interlocked.Increment(ref _next);
        _open[handle] = file;
        return handle;
    }

    public FamfsFile Get(ulong handle) =>
        _open.TryGetValue(handle, out var file) ? file : throw new FamfsException(Errno.EBADF, $"no open file with handle {handle}");

    public void Remove(ulong handle)
    {
        if (_open.TryRemove(handle, out var file) && !_sharedReaders.Values.Contains(file))
        {
            file.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var handle in _open.Keys)
        {
            Remove(handle);
        }

        foreach (var file in _sharedReaders.Values)
        {
            file.Dispose();
        }

        _sharedReaders.Clear();
    }
}
