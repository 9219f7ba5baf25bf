using Famfs.Daemon.Admin;
using Famfs.Daemon.Interop;
using Famfs.Diagnostics;
using Famfs.Errors;
using Famfs.Hosting;
using Famfs.Files;
using Famfs.Fuse;
using Famfs.Identity;
using Famfs.Interop;
using Famfs.Mounts;

namespace Famfs.Daemon;

/// <summary>
/// The famfs mount daemon: opens the file system, claims the device for this host (EBUSY for a
/// second mount), answers the CLI on its control socket and administrators on its HTTP
/// administration socket, plays the log as it grows, and serves the tree through FUSE until
/// unmounted or signalled. Started by `famfs mount` as its own process; it never forks.
/// </summary>
internal static class MountDaemon
{
    /// <returns>0 after a clean unmount, 1 when mounting or serving failed (see <see cref="Program"/>).</returns>
    public static int Run(DaemonArguments arguments, DaemonLog log)
    {
        try
        {
            Detach(arguments.LogFile);
            return Serve(arguments, log) ? 0 : Program.Failed;
        }
        catch (FamfsException e)
        {
            log.Error(e.OneLine);
            return Program.Failed;
        }
        catch (FuseException e)
        {
            log.Error(e.OneLine);
            return Program.Failed;
        }
    }

    private static bool Serve(DaemonArguments arguments, DaemonLog log)
    {
        var devicePath = Path.GetFullPath(arguments.Device);
        var mountPoint = Path.TrimEndingDirectorySeparator(Path.GetFullPath(arguments.MountPoint));
        // The heartbeat a mount promises is its poll interval: the poll writes it.
        using var fs = FamfsFileSystem.Open(devicePath, HostEnvironment.FileSystemOptions() with { HeartbeatInterval = arguments.Timeout });
        using var claim = HostClaim.Acquire(fs.Device.Identity, fs.SystemUuid, devicePath);
        OpenSharedArea(fs, log);
        var socket = claim.SocketPath;
        var adminFolder = claim.AdminFolder;
        Directory.CreateDirectory(adminFolder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            using var served = new FamfsFuseFileSystem(fs, adminFolder, arguments.Cache);
            var poison = new PoisonInvalidator(fs);
            using var control = ControlChannel.Serve(socket, request =>
            {
                log.Debug($"control request '{request}'");
                return ControlRequests.Handle(served, poison, request);
            }, log.Warning);
            using var admin = AdminServer.Serve(Path.Combine(adminFolder, "sock"), new AdminRoutes(served, log).Handle, log);
            claim.Publish(new MountRecord(devicePath, mountPoint, Environment.ProcessId, fs.SystemUuid, fs.Superblock.FsUuid,
                fs.Role.ToString().ToLowerInvariant(), socket));
            CrashPoint.Reach("mount.claimed");
            using var poller = new LogPoller(served, poison, arguments.Timeout, log);
            log.Notice($"{fs.Role} of file system {fs.Superblock.FsUuid} on {devicePath}, file data cached {arguments.Cache.Name()}");
            var clean = FuseDaemon.Run(served, mountPoint, MountOptions(arguments, devicePath, log), mount =>
            {
                log.Notice($"serving {mountPoint}");
                poison.Mount = mount;
                served.Coherence.Mount = mount;
                Readahead.Raise(mountPoint, log);
                poison.Sync(); // failures recorded before the mount came up
                CrashPoint.Reach("mount.mounted");
            });
            log.Notice($"unmounted {mountPoint}");
            return clean;
        }
        finally
        {
            Directory.Delete(adminFolder, recursive: true);
        }
    }

    /// <summary>
    /// How long the kernel keeps names and attributes. famfs metadata only grows: no unlink,
    /// rename, chmod or size change exists, names that do not exist are not cached, and each
    /// played entry invalidates its directory (FamfsFuseFileSystem.PlayLog), so nothing cached
    /// goes stale and re-asking every -t would only cost round trips (a cached listing whose
    /// names expired costs one LOOKUP per file).
    /// </summary>
    internal static readonly TimeSpan MetadataCacheTimeout = TimeSpan.FromDays(1);

    /// <summary>
    /// The master's mount makes the shared host area when the file system lacks it (docs/SHARED-STATE.md,
    /// "Who creates it"); without it — a client, or a master that could not make it — the daemon
    /// says once why hosts, generations and shared poison are off.
    /// </summary>
    private static void OpenSharedArea(FamfsFileSystem fs, DaemonLog log)
    {
        if (fs.Shared is null && fs.Role == Role.Master && !fs.Options.ReadOnly)
        {
            try
            {
                fs.CreateSharedArea();
                log.Notice("created the shared host area (.famfs/)");
            }
            catch (FamfsException e)
            {
                log.Warning($"could not create the shared host area: {e.OneLine}");
            }
        }

        if (fs.Shared is null)
        {
            foreach (var note in fs.Notes)
            {
                log.Notice($"note: {note}");
            }
        }
    }

    private static FuseMountOptions MountOptions(DaemonArguments arguments, string devicePath, DaemonLog log) => new()
    {
        FileSystemName = devicePath,
        Subtype = "famfs",
        DefaultPermissions = !arguments.NoDefaultPermissions,
        AllowOther = !arguments.NoUserAccess,
        Debug = arguments.Debug,
        // Without default_permissions only the daemon judges access, and it can judge only
        // what reaches it: the kernel then caches no names or attributes across callers.
        AttributeTimeout = arguments.NoDefaultPermissions ? TimeSpan.Zero : MetadataCacheTimeout,
        EntryTimeout = arguments.NoDefaultPermissions ? TimeSpan.Zero : MetadataCacheTimeout,
        ReadDirPlus = true,
        // OpenDir only judges access, which default_permissions has the kernel judge too.
        StatelessDirectories = !arguments.NoDefaultPermissions,
        Log = log.Warning,
    };

    /// <summary>
    /// Leaves the starter's session and sends fds 0/1/2 to /dev/null and the log file, so the
    /// daemon outlives `famfs mount` and holds none of its pipes open.
    /// </summary>
    private static void Detach(string? logFile)
    {
        // EPERM: already a process-group leader (started from a shell's job control), which
        // has no terminal of famfs mount's to leave.
        if (LibcProcess.Setsid() < 0 && Libc.LastErrno != Errors.Errno.EPERM)
        {
            throw NativeErrors.ForLastError("setsid");
        }

        if (logFile is null)
        {
            return;
        }

        var log = new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        var writer = new StreamWriter(log) { AutoFlush = true };
        Console.SetOut(writer);
        Console.SetError(writer);
        var fd = (int)log.SafeFileHandle.DangerousGetHandle();
        Redirect(fd, 1, "standard output");
        Redirect(fd, 2, "standard error");
        using var devNull = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Read);
        Redirect((int)devNull.DangerousGetHandle(), 0, "standard input");
    }

    private static void Redirect(int from, int to, string what)
    {
        if (LibcProcess.Dup2(from, to) < 0)
        {
            throw NativeErrors.ForLastError($"dup2 onto {what}");
        }
    }
}
