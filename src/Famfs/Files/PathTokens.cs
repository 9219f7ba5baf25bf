using Famfs.Lifecycle;
using Famfs.Namespace;

namespace Famfs.Files;

/// <summary>
/// One token set per path that log play has instantiated (<see cref="LifecycleToken.ForPath"/>
/// of the relative path, in the file system's own registry). Creating the set publishes Created,
/// which is what <see cref="FamfsFileSystem.WaitForFileAsync"/> waits for: a waiter registered
/// before the file exists hears about it the moment the log shows it, whichever host wrote it.
/// </summary>
internal sealed class PathTokens(TokenEventRegistry events) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, TokenSet> _sets = [];

    /// <summary>Announces <paramref name="node"/> unless it already was (log play may run again from the start).</summary>
    public void Announce(FsNode node)
    {
        lock (_lock)
        {
            if (!_sets.ContainsKey(node.Path))
            {
                _sets.Add(node.Path, events.CreateSet(LifecycleToken.ForPath(node.Path)));
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
