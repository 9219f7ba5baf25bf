namespace Famfs.Files;

/// <summary>
/// Polls the log while somebody waits for a path or subscribes to one: other processes and hosts
/// append to the log in shared memory and nothing tells us, so while at least one is enlisted a background
/// loop refreshes every <see cref="FileSystemOptions.WatchPollInterval"/> (reading next_index is
/// one cache line; playing runs only when it moved). No waiter, no polling.
/// If a refresh fails (e.g. the metadata was revoked by a claim) <see cref="Failed"/> faults so
/// the waiters stop waiting; the next enlistment starts over.
/// </summary>
internal sealed class LogWatcher(Action refresh, TimeSpan interval)
{
    private readonly Lock _lock = new();
    private int _waiters;
    private bool _polling;
    private TaskCompletionSource _failed = NewFailureSource();

    /// <summary>Whether anybody waits or subscribes now (log play announces paths only then).</summary>
    public bool HasWaiters => Volatile.Read(ref _waiters) > 0;

    /// <summary>Faults when a poll fails; never completes otherwise.</summary>
    public Task Failed
    {
        get
        {
            lock (_lock)
            {
                return _failed.Task;
            }
        }
    }

    /// <summary>Counts a waiter in (starting the poll loop for the first); dispose to count it out.</summary>
    public IDisposable Enlist()
    {
        lock (_lock)
        {
            _waiters++;
            if (!_polling)
            {
                _polling = true;
                if (_failed.Task.IsFaulted)
                {
                    _failed = NewFailureSource();
                }

                _ = Task.Run(PollAsync);
            }
        }

        return new Enlistment(this);
    }

    private async Task PollAsync()
    {
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync().ConfigureAwait(false))
        {
            TaskCompletionSource failed;
            lock (_lock)
            {
                if (_waiters == 0)
                {
                    _polling = false;
                    return;
                }

                failed = _failed;
            }

            try
            {
                refresh();
            }
            catch (Exception e)
            {
                lock (_lock)
                {
                    _polling = false;
                }

                failed.TrySetException(e);
                return;
            }
        }
    }

    private void Leave()
    {
        lock (_lock)
        {
            _waiters--;
        }
    }

    private static TaskCompletionSource NewFailureSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Enlistment(LogWatcher watcher) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                watcher.Leave();
            }
        }
    }
}
