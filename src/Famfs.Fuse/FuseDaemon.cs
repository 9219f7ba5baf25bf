using System.Runtime.InteropServices;
using Famfs.Errors;

namespace Famfs.Fuse;

/// <summary>
/// The daemon's life: mount, serve in the foreground until SIGTERM/SIGINT or until someone
/// unmounts, then unmount and return an exit code. It never forks or daemonizes (a running
/// .NET runtime must not fork); whoever wants it in the background starts it as a process.
/// Signals go through .NET's PosixSignalRegistration rather than fuse_set_signal_handlers,
/// whose native handlers would replace the runtime's own.
/// </summary>
public static class FuseDaemon
{
    /// <returns>0 after a clean unmount, 1 if mounting or unmounting failed.</returns>
    /// <param name="onMounted">Called once the mount is live, e.g. to hand the mount to whoever invalidates cached data.</param>
    public static int Run(IFuseFileSystem fileSystem, string mountPoint, FuseMountOptions options, Action<FuseMount>? onMounted = null)
    {
        using var stopRequested = new ManualResetEventSlim();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);

        FuseMount mount;
        try
        {
            mount = FuseMount.Mount(fileSystem, mountPoint, options);
        }
        catch (FamfsException e)
        {
            Console.Error.WriteLine($"famfs-fuse: {e.OneLine}");
            return 1;
        }

        Console.Error.WriteLine($"famfs-fuse: serving {mount.MountPoint}");
        onMounted?.Invoke(mount);
        WaitHandle.WaitAny([stopRequested.WaitHandle, ((IAsyncResult)mount.Completion).AsyncWaitHandle]);
        var clean = mount.Unmount(options.UnmountTimeout);
        Console.Error.WriteLine($"famfs-fuse: unmounted {mount.MountPoint}");
        return clean && mount.Completion is { IsCompletedSuccessfully: true, Result: 0 } ? 0 : 1;

        void OnSignal(PosixSignalContext context)
        {
            // Handled here: the runtime must not terminate the process before the unmount.
            context.Cancel = true;
            stopRequested.Set();
        }
    }
}
