using System.CommandLine;
using System.Globalization;

namespace Famfs.Daemon;

/// <summary>
/// famfs-fuse's command line, as `famfs mount` passes it:
/// --device DEV --mountpoint DIR [--timeout SECONDS] [--cache MODE] [--log FILE] [--debug] [--nouseraccess] [--nodefaultperm];
/// plus --help and --version. The same executable answers to the reference's name famfs_fused.
/// </summary>
internal sealed record DaemonArguments(
    string Device,
    string MountPoint,
    TimeSpan Timeout,
    MountCacheMode Cache,
    string? LogFile,
    bool Debug,
    bool NoUserAccess,
    bool NoDefaultPermissions)
{
    /// <summary>The longest interval, as famfs mount -t allows it (a day): the log poll is a timer, which cannot wait 50 days.</summary>
    public const double MaxTimeoutSeconds = 86_400;

    /// <summary>The command; <paramref name="run"/> serves the parsed arguments and returns the exit code.</summary>
    public static RootCommand Command(Func<DaemonArguments, int> run)
    {
        var device = new Option<string>("--device") { Description = "The famfs device (dax, pmem or a /dev/shm file)", Required = true };
        var mountPoint = new Option<string>("--mountpoint") { Description = "An existing empty directory to mount on", Required = true };
        var timeout = new Option<double>("--timeout")
        {
            Description = $"Log-poll interval, seconds (above 0, at most {MaxTimeoutSeconds})",
            DefaultValueFactory = _ => 1.0,
            CustomParser = result => ParseTimeout(result.Tokens.Single().Value, result),
        };
        var cache = new Option<MountCacheMode>("--cache")
        {
            Description = $"How the kernel caches file data: {MountCacheModes.Names} (docs/SHARED-STATE.md)",
            DefaultValueFactory = _ => MountCacheMode.Coherent,
            CustomParser = result => ParseCache(result.Tokens.Single().Value, result),
        };
        var log = new Option<string?>("--log") { Description = "Append standard output and error to this file and detach from the caller's terminal" };
        var debug = new Option<bool>("--debug") { Description = "libfuse logs every request" };
        var noUserAccess = new Option<bool>("--nouseraccess") { Description = "Only the mounting user may enter the mount (no allow_other)" };
        var noDefaultPermissions = new Option<bool>("--nodefaultperm") { Description = "The daemon alone checks permissions (no default_permissions)" };
        var command = new RootCommand("famfs-fuse (also famfs_fused): the famfs FUSE daemon, started by famfs mount")
        {
            device, mountPoint, timeout, cache, log, debug, noUserAccess, noDefaultPermissions,
        };
        command.SetAction(parsed => run(new DaemonArguments(
            parsed.GetRequiredValue(device),
            parsed.GetRequiredValue(mountPoint),
            TimeSpan.FromSeconds(parsed.GetValue(timeout)),
            parsed.GetValue(cache),
            parsed.GetValue(log),
            parsed.GetValue(debug),
            parsed.GetValue(noUserAccess),
            parsed.GetValue(noDefaultPermissions))));
        return command;
    }

    private static double ParseTimeout(string text, System.CommandLine.Parsing.ArgumentResult result)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds <= MaxTimeoutSeconds)
        {
            return seconds;
        }

        result.AddError($"--timeout '{text}' is not a number of seconds above 0 and at most {MaxTimeoutSeconds}");
        return 0;
    }

    private static MountCacheMode ParseCache(string text, System.CommandLine.Parsing.ArgumentResult result)
    {
        if (MountCacheModes.Parse(text) is { } mode)
        {
            return mode;
        }

        result.AddError($"--cache '{text}' is not one of {MountCacheModes.Names}");
        return MountCacheMode.Coherent;
    }
}
