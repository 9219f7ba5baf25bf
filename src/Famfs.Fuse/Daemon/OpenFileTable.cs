using System.Collections.Concurrent;
using Famfs.Errors;
using Famfs.Files;

namespace Famfs.Fuse.Daemon;

/// <summary>The famfs files the kernel has open, by FUSE file handle.</summary>
internal sealed class OpenFileTable : IDisposable
{
    private readonly ConcurrentDictionary<ulong, FamfsFile> _open = new();
    private long _next;

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
        if (_open.TryRemove(handle, out var file))
        {
            file.Dispose();
        }
    }

    /// <summary>Handles of open files whose path is <paramref name="path"/>.</summary>
    public IEnumerable<ulong> HandlesOf(string path) => _open.Where(p => p.Value.Path == path).Select(p => p.Key);

    public void Dispose()
    {
        foreach (var handle in _open.Keys)
        {
            Remove(handle);
        }
    }
}
