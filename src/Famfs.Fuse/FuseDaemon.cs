using System.Runtime.InteropServices;

namespace Famfs.Fuse;

/// <summary>
/// A file-system daemon's life: mount, serve in the foreground until SIGTERM/SIGINT or until
/// someone unmounts, then unmount. It never forks or daemonizes (a running .NET runtime must
/// not fork); whoever wants it in the background starts it as a process. Signals go through
/// .NET's PosixSignalRegistration rather than fuse_set_signal_handlers, whose native handlers
/// would replace the runtime's own.
/// </summary>
public static class FuseDaemon
{
    /// <returns>True after a clean unmount; false if unmounting failed or the loop ended with an error.</returns>
    /// <param name="onMounted">Called once the mount is live, e.g. to hand the mount to whoever invalidates cached data.</param>
    /// <exception cref="FuseException">Mounting failed.</exception>
    public static bool Run(IFuseFileSystem fileSystem, string mountPoint, FuseMountOptions options, Action<FuseMount>? onMounted = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var stopRequested = new ManualResetEventSlim();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);

        var mount = FuseMount.Mount(fileSystem, mountPoint, options);
        onMounted?.Invoke(mount);
        WaitHandle.WaitAny([stopRequested.WaitHandle, ((IAsyncResult)mount.Completion).AsyncWaitHandle]);
        var clean = mount.Unmount(options.UnmountTimeout);
        return clean && mount.Completion is { IsCompletedSuccessfully: true, Result: 0 };

        void OnSignal(PosixSignalContext context)
        {
            // Handled here: the runtime must not terminate the process before the unmount.
            context.Cancel = true;
            stopRequested.Set();
        }
    }
}
