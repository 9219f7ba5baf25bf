namespace Famfs.Lifecycle;

/// <summary>
/// Work that may run only after every read section that could still see the object has ended:
/// call_srcu() in user space. <see cref="Defer"/> never blocks (so it is safe inside callbacks);
/// a thread-pool worker waits for the grace period and runs the work; <see cref="Synchronize"/>
/// waits until every deferred item has run.
/// </summary>
internal sealed class GracePeriodQueue
{
    private readonly object _lock = new();
    private readonly List<(long Epoch, Action Work)> _pending = [];
    private readonly List<Exception> _failures = [];
    private int _outstanding;
    private bool _workerScheduled;

    /// <summary>Items deferred and not yet finished.</summary>
    public int Outstanding
    {
        get
        {
            lock (_lock)
            {
                return _outstanding;
            }
        }
    }

    public void Defer(Action work)
    {
        var epoch = ReaderEpoch.Advance();
        bool startWorker;
        lock (_lock)
        {
            _pending.Add((epoch, work));
            _outstanding++;
            startWorker = !_workerScheduled;
            _workerScheduled = true;
        }

        if (startWorker)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static queue => queue.DrainUntilEmpty(), this, preferLocal: false);
        }
    }

    /// <summary>
    /// Waits until every item deferred before the call has run. Rethrows, as one
    /// AggregateException, what deferred items threw since the last call.
    /// </summary>
    public void Synchronize()
    {
        ReaderEpoch.ThrowIfInReadSection("wait for deferred frees");
        while (true)
        {
            RunReadyItems();
            lock (_lock)
            {
                while (_pending.Count == 0 && _outstanding > 0)
                {
                    Monitor.Wait(_lock);
                }

                if (_outstanding == 0)
                {
                    ThrowCollectedFailures();
                    return;
                }
            }
        }
    }

    private void DrainUntilEmpty()
    {
        while (true)
        {
            RunReadyItems();
            lock (_lock)
            {
                if (_pending.Count == 0)
                {
                    _workerScheduled = false;
                    return;
                }
            }
        }
    }

    /// <summary>Waits for the grace period of everything pending now, then runs it.</summary>
    private void RunReadyItems()
    {
        long newest;
        lock (_lock)
        {
            if (_pending.Count == 0)
            {
                return;
            }

            newest = _pending.Max(item => item.Epoch);
        }

        ReaderEpoch.WaitForReadersBefore(newest, Timeout.InfiniteTimeSpan);

        List<Action> ready;
        lock (_lock)
        {
            ready = [.. _pending.Where(item => item.Epoch <= newest).Select(item => item.Work)];
            _pending.RemoveAll(item => item.Epoch <= newest);
        }

        foreach (var work in ready)
        {
            Run(work);
        }
    }

    private void Run(Action work)
    {
        Exception? failure = null;
        try
        {
            work();
        }
        catch (Exception e)
        {
            failure = e;
        }

        lock (_lock)
        {
            if (failure is not null)
            {
                _failures.Add(failure);
            }

            _outstanding--;
            Monitor.PulseAll(_lock);
        }
    }

    private void ThrowCollectedFailures()
    {
        if (_failures.Count == 0)
        {
            return;
        }

        var failures = _failures.ToArray();
        _failures.Clear();
        throw new AggregateException("deferred frees threw after their grace period", failures);
    }
}
