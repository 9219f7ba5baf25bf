using Famfs.Files;
using Famfs.Fuse;
using Famfs.Namespace;
using Famfs.Shared;

namespace Famfs.Daemon;

/// <summary>
/// Keeps the kernel's page cache of this mount true to device memory that other hosts write
/// (docs/SHARED-STATE.md, "Mount cache modes"). It answers opens by the mount's
/// <see cref="MountCacheMode"/>; in coherent mode it remembers, per file opened through this
/// mount, the write generation its cached pages match, and each poll drops the pages of exactly
/// the files whose generation moved. Each poll also drops .meta/.log's pages when log entries
/// were played since the last poll (in every mode: the log only grows, so the kernel would keep
/// serving its old end).
/// </summary>
internal sealed class CoherenceTracker(FamfsFileSystem fs, MountCacheMode mode)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ulong, Watched> _seen = []; // by log index, as the change rings name files
    private WriteSequenceState _sequences;
    private long _logEntriesInvalidated;

    public MountCacheMode Mode => mode;

    /// <summary>The live mount, once it is up (set by the daemon); invalidations wait for it.</summary>
    public FuseMount? Mount { get; set; }

    /// <summary>The reply to an open of a regular file, by the cache mode.</summary>
    public OpenResult Opened(FsFile file, ulong handle) => mode switch
    {
        MountCacheMode.Strict => new OpenResult(handle, DirectIo: true),
        MountCacheMode.Keep => new OpenResult(handle, KeepCache: true),
        _ => new OpenResult(handle, KeepCache: StillValid(file)),
    };

    /// <summary>
    /// After this daemon wrote <paramref name="file"/>'s bytes to memory: bumps its generation, so
    /// other hosts drop their pages. Our own kernel wrote through its pages (FUSE has no write-back
    /// cache here), so they match the new value — unless another host bumped in between (the
    /// counter moved by more than our one step): then the old value stays and the next poll drops them.
    /// </summary>
    public void Wrote(FsFile file)
    {
        if (fs.Shared is not { Hosts.Slot: >= 0 } shared)
        {
            return; // no area, or a read-only open: nobody could hear of it
        }

        var bumped = shared.Generations.Bump(file.LogIndex);
        lock (_gate)
        {
            if (_seen.TryGetValue(file.LogIndex, out var watched) && Counter(watched.Generation) + 1 == Counter(bumped))
            {
                _seen[file.LogIndex] = watched with { Generation = bumped };
            }
        }
    }

    /// <summary>
    /// One poll's work after the log was played: drops .meta/.log's pages if
    /// <paramref name="entriesPlayed"/> (the daemon's running count) moved since the last drop — a
    /// lookup miss plays the log too, so the count is compared, not this poll's own play — and, in
    /// coherent mode, the pages of every watched file another host wrote since the last poll.
    /// Returns how many files it dropped.
    /// </summary>
    public int Poll(long entriesPlayed)
    {
        var mount = Mount;
        if (mount is null)
        {
            return 0; // nothing is cached before the mount is up
        }

        if (Interlocked.Exchange(ref _logEntriesInvalidated, entriesPlayed) != entriesPlayed)
        {
            mount.InvalidateInode(MetaFiles.LogInode);
        }

        var changed = Changed();
        foreach (var inode in changed)
        {
            // Outside the lock: the kernel may wait on a read of this file, which an open could be queued behind.
            mount.InvalidateInode(inode);
        }

        return changed.Count;
    }

    /// <summary>
    /// Watched files whose generation moved, now recorded as seen (their inodes). An idle poll reads
    /// only the slots' write sequences; after writes, only the watched files the change rings name —
    /// every watched generation only when a ring could not tell (docs/SHARED-STATE.md, "Change rings").
    /// </summary>
    private List<ulong> Changed()
    {
        if (mode != MountCacheMode.Coherent || fs.Shared is not { } shared)
        {
            return [];
        }

        lock (_gate)
        {
            var changes = shared.Generations.Changes(ref _sequences);
            if (!changes.Any)
            {
                return [];
            }

            // Files written on other hosts that were never opened through this mount are not watched.
            var watched = changes.Unknown ? [.. _seen.Keys] : changes.Files.Where(_seen.ContainsKey).ToArray();
            var generations = new ulong[watched.Length];
            shared.Generations.ReadMany(watched, generations);
            var changed = new List<ulong>();
            for (var i = 0; i < watched.Length; i++)
            {
                var before = _seen[watched[i]];
                if (generations[i] != before.Generation)
                {
                    _seen[watched[i]] = before with { Generation = generations[i] };
                    changed.Add(before.Inode);
                }
            }

            return changed;
        }
    }

    /// <summary>
    /// Whether the pages cached of <paramref name="file"/> still match memory, recording the
    /// generation they will match after this open. Without write generations: never (the kernel
    /// then drops them at each open: close-to-open).
    /// </summary>
    private bool StillValid(FsFile file)
    {
        if (fs.Shared is not { } shared)
        {
            return false;
        }

        var now = shared.Generations.Read(file.LogIndex);
        lock (_gate)
        {
            var valid = _seen.TryGetValue(file.LogIndex, out var watched) && watched.Generation == now;
            _seen[file.LogIndex] = new Watched(file.Inode, now);
            return valid;
        }
    }

    /// <summary>The count part of a generation (docs/SHARED-STATE.md: counter &lt;&lt; 8 | slot).</summary>
    private static ulong Counter(ulong generation) => generation >> 8;

    private readonly record struct Watched(ulong Inode, ulong Generation);
}
