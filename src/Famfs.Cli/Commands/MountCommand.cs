using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Famfs.Devices;
using Famfs.Errors;
using Famfs.Hosting;
using Famfs.Identity;
using Famfs.Log;
using Famfs.Mounts;

namespace Famfs.Cli.Commands;

/// <summary>
/// famfs mount: validate the file system, start the famfs-fuse daemon as its own process, and
/// return once the mount is live. Only root may mount: famfs is not mountable by
/// unprivileged users.
/// </summary>
internal static class MountCommand
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How often the wait for the mount checks whether the daemon died (the mount itself wakes it at once).</summary>
    private static readonly TimeSpan DaemonCheckInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>The longest -t: a day. The kernel caches metadata and a client polls the log that often; more is never useful.</summary>
    private const double MaxTimeout = 86_400;

    public static Command Create()
    {
        var verbose = CommonOptions.Verbose();
        var debug = new Option<bool>("--debug", "-d") { Description = "Log every FUSE request to the daemon's log" };
        var timeout = new Option<double>("--timeout", "-t") { Description = "Log-poll interval, seconds: how soon the mount shows what other hosts logged", DefaultValueFactory = _ => 1.0 };
        var noUserAccess = new Option<bool>("--nouseraccess", "-u") { Description = "Only root may use the mount (no allow_other)" };
        var noDefaultPermissions = new Option<bool>("--nodefaultperm", "-p") { Description = "Do not let the kernel check permissions (no default_permissions)" };
        var fuse = new Option<bool>("--fuse", "-f") { Description = "Accepted for compatibility: famfs.net always mounts through FUSE" };
        var noFuse = new Option<bool>("--nofuse", "-F") { Description = "The reference's kernel-module mount: not available in famfs.net (refused)" };
        var shadow = new Option<string>("--shadow", "-S") { Description = "Accepted for compatibility and ignored: famfs.net serves metadata from memory, with no shadow tree" };
        var device = CommonOptions.Device();
        var mountPoint = new Argument<string?>("MOUNTPOINT") { Description = "Existing directory to mount on (none with -D)", Arity = ArgumentArity.ZeroOrOne };
        var dummy = new Option<bool>("--dummy", "-D") { Description = "Mount on a new /tmp/famfs_dummy_XXXXXX directory and name it (the reference's dummy mount): give DEVICE only" };
        var mmap = new Option<bool>("--mmap", "-m") { Description = "Read the metadata through a mapping (what famfs.net always does)" };
        var read = new Option<bool>("--read", "-r") { Description = "The reference's read(2) path; famfs.net always maps the metadata (ignored)" };
        var cache = new Option<string>("--cache", "-c")
        {
            Description = "How the kernel caches file data: strict (direct I/O), coherent (default: dropped when any host writes) or keep (never dropped)",
            DefaultValueFactory = _ => "coherent",
        };
        var command = new Command("mount", "Mount a famfs file system (starts the famfs-fuse daemon)")
        {
            verbose, debug, timeout, cache, noUserAccess, noDefaultPermissions, fuse, noFuse, shadow, mmap, read, dummy, device, mountPoint,
        };
        command.AddIgnored("--remount", "-R", "a famfs.net mount is remounted with famfs umount and famfs mount");
        command.AddIgnored("--bouncedax", "-b", "famfs.net does not reconfigure the device-dax device");
        command.AddLoadModule();
        command.AddSetDaxmode();
        command.SetHandler(result =>
        {
            if (result.GetValue(mmap) && result.GetValue(read))
            {
                throw new FamfsException(Errno.EINVAL, "--mmap and --read are mutually exclusive", "give one of them, or neither");
            }

            if (result.GetValue(read))
            {
                Console.Error.WriteLine("famfs mount: note: -r/--read ignored: famfs.net always reads the metadata through a mapping");
            }

            if (result.GetValue(noFuse))
            {
                throw new FamfsException(Errno.EINVAL, "-F/--nofuse asks for the famfs kernel module, which famfs.net does not use",
                    "mount without -F: famfs.net mounts through FUSE");
            }

            var extra = new List<string>();
            if (result.GetValue(debug)) extra.Add("--debug");
            if (result.GetValue(noUserAccess)) extra.Add("--nouseraccess");
            if (result.GetValue(noDefaultPermissions)) extra.Add("--nodefaultperm");
            var seconds = result.GetValue(timeout);
            if (!(seconds > 0 && seconds <= MaxTimeout))
            {
                throw new FamfsException(Errno.EINVAL, $"-t/--timeout {seconds.ToString(CultureInfo.InvariantCulture)} is not a number of seconds above 0 and at most {MaxTimeout}",
                    "give e.g. -t 1 (the default) or -t 0.5");
            }

            extra.AddRange(["--timeout", seconds.ToString(CultureInfo.InvariantCulture), "--cache", CacheMode(result.GetRequiredValue(cache))]);
            var isDummy = result.GetValue(dummy);
            var target = DummyMount.MountPoint(isDummy, result.GetValue(mountPoint));
            try
            {
                Console.WriteLine(Mount(result.GetRequiredValue(device), target, extra));
            }
            catch when (isDummy)
            {
                DummyMount.Abandon(target);
                throw;
            }

            if (isDummy)
            {
                Console.WriteLine(DummyMount.Announce(target));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// The daemon's --cache value. The reference's unadvertised -c always|normal|never set its
    /// metadata timeout (-t here): scripts passing it get the default data mode and a note.
    /// </summary>
    private static string CacheMode(string mode)
    {
        switch (mode)
        {
            case "strict" or "coherent" or "keep":
                return mode;
            case "always" or "normal" or "never":
                Console.Error.WriteLine($"famfs mount: note: --cache {mode} is the reference's metadata cache setting, ignored (the metadata cache timeout is -t/--timeout); file data is cached coherent");
                return "coherent";
            default:
                throw new FamfsException(Errno.EINVAL, $"--cache '{mode}' is not one of strict, coherent or keep", "give e.g. --cache coherent (the default)");
        }
    }

    private static string Mount(string devicePath, string mountPoint, List<string> extra)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new FamfsException(Errno.EPERM, "only root may mount a famfs file system", "run famfs mount as root");
        }

        // The kernel follows links in a mount point; mountinfo then shows where they lead.
        var target = FamfsMountTable.Resolve(mountPoint);
        if (!Directory.Exists(target))
        {
            throw new FamfsException(Errno.ENOENT, $"mount point {target} is not an existing directory", "create it first (mkdir -p)");
        }

        if (FamfsMountTable.MountedType(target) is { } type)
        {
            throw new FamfsException(Errno.EBUSY, $"{target} already has a {type} mount", $"unmount it first (famfs umount {target})");
        }

        string role;
        string claimPath;
        using (var device = MemoryDevice.Open(devicePath, writable: false))
        using (var metadata = FamfsMetadata.Open(device, writable: false)) // clean failure with no or a corrupt superblock/log
        {
            var systemUuid = HostEnvironment.SystemUuid();
            role = Roles.Of(metadata.Superblock, systemUuid).ToString().ToLowerInvariant();
            claimPath = HostClaim.PathFor(device.Identity, systemUuid);
            if (HostClaim.IsHeld(claimPath))
            {
                var holder = HostClaim.Read(claimPath);
                throw new FamfsException(Errno.EBUSY,
                    $"memory device {devicePath} is already mounted at {holder?.MountPoint ?? "another mount point"} by this host",
                    "unmount it first, or mount as another host identity (FAMFS_SYSTEM_UUID)");
            }
        }

        Directory.CreateDirectory(HostClaim.Directory);
        var log = HostClaim.LogFor(claimPath);
        File.WriteAllText(log, string.Empty);
        using var mountTable = new MountTableWatch(); // before the daemon starts: its mount cannot be missed
        using var daemon = DaemonLauncher.Start(["--device", Path.GetFullPath(devicePath), "--mountpoint", target, "--log", log, .. extra]);
        var deadline = Stopwatch.StartNew();
        while (FamfsMountTable.MountedType(target) != FamfsMountTable.FuseType)
        {
            if (daemon.HasExited || deadline.Elapsed > StartTimeout)
            {
                var why = Reason(log);
                if (!daemon.HasExited)
                {
                    daemon.Kill();
                }

                throw new FamfsException(daemon.HasExited ? Errno.EIO : Errno.ETIMEDOUT,
                    $"the famfs daemon did not mount {devicePath} at {target}: {why.Replace("famfs-fuse: ", string.Empty, StringComparison.Ordinal)}",
                    $"see {log}");
            }

            mountTable.Wait(DaemonCheckInterval);
        }

        return $"famfs: mounted {devicePath} at {target} as {role} (daemon pid {daemon.Id}, log {log})";
    }

    /// <summary>Why the daemon failed: its last own line (famfs-fuse: …), not a line of a stack trace it may have printed before it.</summary>
    private static string Reason(string log)
    {
        var lines = File.ReadLines(log).Where(l => l.Length > 0).ToList();
        return lines.LastOrDefault(l => l.StartsWith("famfs-fuse: ", StringComparison.Ordinal)) ?? lines.LastOrDefault() ?? "no message";
    }
}
