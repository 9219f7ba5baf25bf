using Famfs.Files;

namespace Famfs.Fuse.Daemon;

/// <summary>
/// Plays new log entries every interval (famfs mount -t), so files logged by the master appear
/// on clients without any command. A refresh that finds nothing new costs one header read.
/// </summary>
internal sealed class LogPoller(FamfsFileSystem fs, TimeSpan interval) : IDisposable
{
    private readonly Timer _timer = new(_ => Poll(fs), null, interval, interval);

    public void Dispose() => _timer.Dispose();

    private static void Poll(FamfsFileSystem fs)
    {
        try
        {
            fs.Refresh();
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"famfs-fuse: log play failed: {e.Message}");
        }
    }
}
