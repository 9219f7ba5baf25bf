using System.Collections.Concurrent;
using Famfs.Namespace;

namespace Famfs.Daemon;

/// <summary>
/// Each directory's children sorted by name, kept between requests: a listing is read in
/// several READDIR(PLUS) requests (the last one, which ends it, empty) and each used to sort
/// the directory again — most of the daemon's time in a cold `ls -lR`. famfs directories only
/// gain children (no unlink or rename exists), so a snapshot is current exactly while its
/// length is the directory's child count: no invalidation is needed, and a log play that adds
/// a child makes the next request sort again. Also answers a directory's link count (2 + its
/// subdirectories) without walking its children for every stat.
/// </summary>
internal sealed class DirectoryListings
{
    private readonly ConcurrentDictionary<ulong, Snapshot> _snapshots = new();

    /// <summary>The children of <paramref name="directory"/> in ordinal name order, as of now.</summary>
    public Snapshot Of(FsDirectory directory)
    {
        var count = directory.Children.Count;
        if (_snapshots.TryGetValue(directory.Inode, out var snapshot) && snapshot.Children.Length == count)
        {
            return snapshot;
        }

        // Concurrent requests may both sort; either result is right, so the last one is kept.
        var children = directory.Children.Values.ToArray();
        Array.Sort(children, (a, b) => string.CompareOrdinal(a.Name, b.Name));
        snapshot = new Snapshot(children, children.Count(c => c is FsDirectory));
        _snapshots[directory.Inode] = snapshot;
        return snapshot;
    }

    /// <param name="Children">Sorted by name (ordinal).</param>
    /// <param name="Subdirectories">How many of them are directories.</param>
    internal sealed record Snapshot(FsNode[] Children, int Subdirectories);
}
