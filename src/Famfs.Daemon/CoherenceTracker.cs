using Famfs.Files;
using Famfs.Fuse;
using Famfs.Namespace;

namespace Famfs.Daemon;

/// <summary>
/// Keeps the kernel's page cache of this mount true to device memory that other hosts write
/// (docs/SHARED-STATE.md, "Mount cache modes"). It answers opens by the mount's
/// <see cref="CacheMode"/>, and each poll drops the cached pages of .meta/.log when log entries
/// were played since the last poll (in every mode: the log only grows, so the kernel would keep
/// serving its old end).
/// </summary>
internal sealed class CoherenceTracker(CacheMode mode)
{
    private long _logEntriesInvalidated;

    public CacheMode Mode => mode;

    /// <summary>The live mount, once it is up (set by the daemon); invalidations wait for it.</summary>
    public FuseMount? Mount { get; set; }

    /// <summary>The reply to an open of a regular file, by the cache mode.</summary>
    public OpenResult Opened(FsFile file, ulong handle) => mode switch
    {
        CacheMode.Strict => new OpenResult(handle, DirectIo: true),
        CacheMode.Keep => new OpenResult(handle, KeepCache: true),
        _ => new OpenResult(handle, KeepCache: false),
    };

    /// <summary>
    /// One poll's work after the log was played: drops .meta/.log's pages if
    /// <paramref name="entriesPlayed"/> (the daemon's running count) moved since the last drop.
    /// A lookup miss plays the log too, so the count is compared, not the poll's own play.
    /// </summary>
    public void Poll(long entriesPlayed)
    {
        if (Mount is { } mount && entriesPlayed != _logEntriesInvalidated)
        {
            mount.InvalidateInode(MetaFiles.LogInode);
            _logEntriesInvalidated = entriesPlayed;
        }
    }
}
