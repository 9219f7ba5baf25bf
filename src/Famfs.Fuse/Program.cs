using Famfs.Errors;
using Famfs.Fuse.Daemon;
using Famfs.Fuse.Demo;

namespace Famfs.Fuse;

/// <summary>
/// famfs-fuse, the FUSE daemon: `famfs mount` starts it as its own process. It runs in the
/// foreground until SIGTERM/SIGINT or unmount. `--demo MOUNTPOINT` serves a built-in tiny file
/// system instead (used by the binding's tests).
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args is ["--demo", var demoMountPoint])
        {
            return FuseDaemon.Run(new HelloFileSystem(), demoMountPoint, new FuseMountOptions { FileSystemName = "famfs-demo", Subtype = "famfs" });
        }

        try
        {
            return MountDaemon.Run(DaemonArguments.Parse(args));
        }
        catch (FamfsException e) when (e.Errno == Errno.EINVAL)
        {
            Console.Error.WriteLine(e.OneLine);
            return 2;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The stack trace for a bug report, then one line of our own last: famfs mount shows
            // the daemon's last "famfs-fuse:" line as the reason it failed.
            Console.Error.WriteLine(e);
            Console.Error.WriteLine($"famfs-fuse: internal error, please report it (stack trace above): {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
            return 70;
        }
    }
}
