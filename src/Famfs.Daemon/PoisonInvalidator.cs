using Famfs.Files;
using Famfs.Fuse;

namespace Famfs.Daemon;

/// <summary>
/// Keeps the kernel from serving poisoned data: when a file becomes poisoned (reported through
/// this daemon or recorded by another process of this host), its cached pages and attributes
/// are dropped (fuse_lowlevel_notify_inval_inode), so the next read reaches us and fails with EIO.
/// </summary>
internal sealed class PoisonInvalidator(FamfsFileSystem fs)
{
    private readonly HashSet<string> _handled = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>The live mount, once it is up (set by the daemon).</summary>
    public FuseMount? Mount { get; set; }

    /// <summary>Invalidates every poisoned file not invalidated yet; returns their paths.</summary>
    public IReadOnlyList<string> Sync()
    {
        var mount = Mount;
        lock (_gate)
        {
            var poisoned = fs.PoisonedFiles;
            _handled.IntersectWith(poisoned);
            var fresh = poisoned.Where(_handled.Add).ToList();
            foreach (var path in fresh)
            {
                if (mount is not null && fs.Find(path) is { } node)
                {
                    mount.InvalidateInode(node.Inode);
                }
            }

            return fresh;
        }
    }
}
