namespace Famfs.Lifecycle;

/// <summary>
/// Lets callbacks into one registrant run concurrently until the registrant is closed, and
/// makes <see cref="Close"/> wait for the calls already running: after Close returns, the
/// registrant is never called again and no call is still running, so nothing a call uses is
/// freed under it. Close from inside any callback on the same thread
/// does not wait, because waiting there can deadlock (two callbacks closing each other); it
/// still guarantees that no new call starts.
/// </summary>
internal sealed class CallbackGate
{
    [ThreadStatic]
    private static int t_callbacksOnThisThread;

    private int _inFlight;
    private int _closed;

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Starts a call; false once closed. Every true must be paired with <see cref="Exit"/>.</summary>
    public bool TryEnter()
    {
        Interlocked.Increment(ref _inFlight);
        if (Volatile.Read(ref _closed) != 0)
        {
            Interlocked.Decrement(ref _inFlight);
            return false;
        }

        t_callbacksOnThisThread++;
        return true;
    }

    public void Exit()
    {
        t_callbacksOnThisThread--;
        Interlocked.Decrement(ref _inFlight);
    }

    /// <summary>Closes the gate; false if it was already closed.</summary>
    public bool Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return false;
        }

        if (t_callbacksOnThisThread > 0)
        {
            return true;
        }

        var spinner = default(SpinWait);
        while (Volatile.Read(ref _inFlight) != 0)
        {
            spinner.SpinOnce(sleep1Threshold: 40);
        }

        return true;
    }
}
