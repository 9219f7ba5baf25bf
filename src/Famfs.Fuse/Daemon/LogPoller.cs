using Famfs.Files;

namespace Famfs.Fuse.Daemon;

/// <summary>
/// Plays new log entries every interval (famfs mount -t), so files logged by the master appear
/// on clients without any command, and applies newly recorded memory failures. A refresh that finds nothing new costs one header read.
/// </summary>
internal sealed class LogPoller(FamfsFileSystem fs, PoisonInvalidator poison, TimeSpan interval) : IDisposable
{
    private readonly Timer _timer = new(_ => Poll(fs, poison), null, interval, interval);

    public void Dispose() => _timer.Dispose();

    private static void Poll(FamfsFileSystem fs, PoisonInvalidator poison)
    {
        try
        {
            fs.Refresh(); // also picks up memory failures other processes of this host recorded
            poison.Sync();
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"famfs-fuse: log play failed: {e.Message}");
        }
    }
}
