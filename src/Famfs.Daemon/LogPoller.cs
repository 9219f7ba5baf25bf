namespace Famfs.Daemon;

/// <summary>
/// Plays new log entries every interval (famfs mount -t), so files logged by the master appear
/// on clients without any command, and applies newly recorded memory failures. A refresh that finds nothing new costs one header read.
/// The refresh also writes this host's heartbeat into the shared registry; then the
/// <see cref="CoherenceTracker"/> drops the pages of files other hosts wrote (the bound on
/// staleness in coherent mode is therefore this interval, famfs mount -t).
/// </summary>
internal sealed class LogPoller(FamfsFuseFileSystem served, PoisonInvalidator poison, TimeSpan interval, DaemonLog log) : IDisposable
{
    /// <summary>How long <see cref="Dispose"/> waits for a poll already running (a refresh reads the log; it takes milliseconds).</summary>
    internal static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly Timer _timer = new(_ => Poll(served, poison, log), null, interval, interval);

    /// <summary>
    /// Stops the timer and waits (bounded) for a poll in flight: Timer.Dispose() alone returns
    /// while a callback may still be running, which would then touch the file system and the
    /// FUSE session after the daemon has disposed them at unmount.
    /// </summary>
    public void Dispose()
    {
        using var stopped = new ManualResetEvent(false);
        if (_timer.Dispose(stopped) && !stopped.WaitOne(StopTimeout))
        {
            log.Warning(
                $"a log poll was still running {StopTimeout.TotalSeconds:0} s after unmount began; stopping without it");
        }
    }

    private static void Poll(FamfsFuseFileSystem served, PoisonInvalidator poison, DaemonLog log)
    {
        try
        {
            var played = served.PlayLog(); // also picks up memory failures other processes of this host recorded
            if (played.Count > 0)
            {
                log.Info($"played {played.Count} new log entries");
            }

            poison.Sync();
            var dropped = served.Coherence.Poll(served.Statistics.EntriesPlayed);
            if (dropped > 0)
            {
                log.Debug($"dropped the cached pages of {dropped} files other hosts wrote");
            }
        }
        catch (Exception e)
        {
            log.Error($"log play failed: {e.Message}");
        }
    }
}
