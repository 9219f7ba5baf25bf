using Famfs.Lifecycle;
using Famfs.Namespace;

namespace Famfs.Files;

/// <summary>
/// Token sets for paths that log play instantiated while somebody waited for or subscribed to them
/// (<see cref="LifecycleToken.ForPath"/> of the relative path, in the file system's own
/// registry). Creating the set publishes Created, which is what
/// <see cref="FamfsFileSystem.WaitForFileAsync"/> waits for and plain subscribers hear: one registered before the file
/// exists hears about it the moment the log shows it, whichever host wrote it. Paths nobody
/// waits for or subscribes to get no set: creating thousands of files costs no registry work, and a waiter that
/// comes later finds the path in the tree instead.
/// </summary>
internal sealed class PathTokens(TokenEventRegistry events) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, TokenSet> _sets = [];

    /// <summary>Announces <paramref name="node"/> to its waiters, if it has any and was not announced already.</summary>
    public void Announce(FsNode node)
    {
        var token = LifecycleToken.ForPath(node.Path);
        if (!events.HasSubscribers(token))
        {
            return;
        }

        lock (_lock)
        {
            if (!_sets.ContainsKey(node.Path))
            {
                _sets.Add(node.Path, events.CreateSet(token));
            }
        }
    }

    public void Dispose()
    {
        TokenSet[] sets;
        lock (_lock)
        {
            sets = [.. _sets.Values];
            _sets.Clear();
        }

        foreach (var set in sets)
        {
            set.Dispose();
        }
    }
}
