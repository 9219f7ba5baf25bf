using Famfs.Diagnostics;
using Famfs.Errors;
using Famfs.Files;
using Famfs.Fuse.Interop;
using Famfs.Mounts;

namespace Famfs.Fuse.Daemon;

/// <summary>
/// The famfs mount daemon: opens the file system, claims the device for this host (EBUSY for a
/// second mount), answers the CLI on its control socket, plays the log as it grows, and serves
/// the tree through FUSE until unmounted or signalled. Started by `famfs mount` as its own
/// process; it never forks.
/// </summary>
internal static class MountDaemon
{
    public static int Run(DaemonArguments arguments)
    {
        Detach(arguments.LogFile);
        try
        {
            return Serve(arguments);
        }
        catch (FamfsException e)
        {
            Console.Error.WriteLine($"famfs-fuse: {e.OneLine}");
            return 1;
        }
    }

    private static int Serve(DaemonArguments arguments)
    {
        var devicePath = Path.GetFullPath(arguments.Device);
        var mountPoint = Path.TrimEndingDirectorySeparator(Path.GetFullPath(arguments.MountPoint));
        using var fs = FamfsFileSystem.Open(devicePath);
        using var claim = HostClaim.Acquire(fs.Device.Identity, fs.SystemUuid, devicePath);
        var socket = Path.ChangeExtension(claim.FilePath, ".sock");
        using var served = new FamfsFuseFileSystem(fs);
        var poison = new PoisonInvalidator(fs);
        using var control = ControlChannel.Serve(socket, request => ControlRequests.Handle(fs, poison, request), FuseErrors.Log);
        claim.Publish(new MountRecord(devicePath, mountPoint, Environment.ProcessId, fs.SystemUuid, fs.Superblock.FsUuid,
            fs.Role.ToString().ToLowerInvariant(), socket));
        CrashPoint.Reach("mount.claimed");
        using var poller = new LogPoller(fs, poison, arguments.Timeout);
        var options = new FuseMountOptions
        {
            FileSystemName = devicePath,
            Subtype = "famfs",
            DefaultPermissions = !arguments.NoDefaultPermissions,
            AllowOther = !arguments.NoUserAccess,
            Debug = arguments.Debug,
            // Without default_permissions only the daemon judges access, and it can judge only
            // what reaches it: the kernel then caches no names or attributes across callers.
            AttributeTimeout = arguments.NoDefaultPermissions ? TimeSpan.Zero : arguments.Timeout,
            EntryTimeout = arguments.NoDefaultPermissions ? TimeSpan.Zero : arguments.Timeout,
            ReadDirPlus = true,
        };
        Console.Error.WriteLine($"famfs-fuse: {fs.Role} of file system {fs.Superblock.FsUuid} on {devicePath}");
        return FuseDaemon.Run(served, mountPoint, options, mount =>
        {
            poison.Mount = mount;
            Readahead.Raise(mountPoint);
            poison.Sync(); // failures recorded before the mount came up
            CrashPoint.Reach("mount.mounted");
        });
    }

    /// <summary>
    /// Leaves the starter's session and sends fds 0/1/2 to /dev/null and the log file, so the
    /// daemon outlives `famfs mount` and holds none of its pipes open.
    /// </summary>
    private static void Detach(string? logFile)
    {
        LibcProcess.Setsid();
        if (logFile is null)
        {
            return;
        }

        var log = new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        var writer = new StreamWriter(log) { AutoFlush = true };
        Console.SetOut(writer);
        Console.SetError(writer);
        var fd = (int)log.SafeFileHandle.DangerousGetHandle();
        LibcProcess.Dup2(fd, 1);
        LibcProcess.Dup2(fd, 2);
        using var devNull = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Read);
        LibcProcess.Dup2((int)devNull.DangerousGetHandle(), 0);
    }
}
