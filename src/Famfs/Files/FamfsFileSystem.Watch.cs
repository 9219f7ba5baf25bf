using Famfs.Errors;
using Famfs.Lifecycle;
using Famfs.Namespace;

namespace Famfs.Files;

// Waiting for paths that another process or host has not created yet: a waiter registers before the path exists.
public sealed partial class FamfsFileSystem
{
    /// <summary>
    /// Completes with the node once <paramref name="path"/> exists in the file system, created
    /// by any process or host: at once if log play already shows it, otherwise when a later log
    /// play instantiates it (the log is polled while anybody waits; see
    /// <see cref="FileSystemOptions.WatchPollInterval"/>).
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">the file system was disposed while waiting.</exception>
    public async Task<FsNode> WaitForFileAsync(string path, CancellationToken cancellationToken = default)
    {
        var relative = Normalize(path);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        using (_watcher.Enlist())
        {
            // Registered before the refresh, so a path played by it (or by the poll) is never missed.
            var created = Events.WaitForTokenAsync(LifecycleToken.ForPath(relative), linked.Token);
            var pollFailed = _watcher.Failed;
            Refresh();
            if (_tree.Find(relative) is { } existing)
            {
                // Played before we registered (paths nobody waits for get no token set).
                await linked.CancelAsync().ConfigureAwait(false);
                await created.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
                return existing;
            }

            if (await Task.WhenAny(created, pollFailed).ConfigureAwait(false) != created)
            {
                await linked.CancelAsync().ConfigureAwait(false);
                await pollFailed.ConfigureAwait(false);
            }

            try
            {
                await created.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_disposed.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new ObjectDisposedException(nameof(FamfsFileSystem), $"famfs file system {Superblock.FsUuid} was closed while waiting for '{relative}'");
            }
        }

        return _tree.Find(relative) ?? throw new FamfsException(Errno.ENOENT, $"'{relative}' was announced but is not in the namespace");
    }
}
