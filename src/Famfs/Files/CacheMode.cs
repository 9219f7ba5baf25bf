namespace Famfs.Files;

/// <summary>
/// Whether famfs.net flushes and invalidates processor caches around metadata it writes and
/// reads (docs/FORMAT.md, "Cache coherency").
/// </summary>
public enum CacheMode
{
    /// <summary>
    /// Flush on device-dax devices (the memory may be shared, non-coherently, with other hosts);
    /// not on regular files or block devices, whose memory the kernel keeps coherent.
    /// </summary>
    Auto,

    /// <summary>Always flush the cache lines of every log entry and header written, and invalidate before reading them.</summary>
    Flush,

    /// <summary>Never flush: memory is known to be coherent.</summary>
    None,
}
