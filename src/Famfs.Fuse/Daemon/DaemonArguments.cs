using System.Globalization;
using Famfs.Errors;

namespace Famfs.Fuse.Daemon;

/// <summary>
/// famfs-fuse's command line, as `famfs mount` passes it:
/// --device DEV --mountpoint DIR [--timeout SECONDS] [--log FILE] [--debug] [--nouseraccess] [--nodefaultperm].
/// </summary>
internal sealed record DaemonArguments(
    string Device,
    string MountPoint,
    TimeSpan Timeout,
    string? LogFile,
    bool Debug,
    bool NoUserAccess,
    bool NoDefaultPermissions)
{
    public static DaemonArguments Parse(string[] args)
    {
        string? device = null, mountPoint = null, log = null;
        var timeout = TimeSpan.FromSeconds(1);
        bool debug = false, noUserAccess = false, noDefaultPermissions = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--device": device = Value(args, ++i); break;
                case "--mountpoint": mountPoint = Value(args, ++i); break;
                case "--log": log = Value(args, ++i); break;
                case "--timeout": timeout = ParseTimeout(Value(args, ++i)); break;
                case "--debug": debug = true; break;
                case "--nouseraccess": noUserAccess = true; break;
                case "--nodefaultperm": noDefaultPermissions = true; break;
                default: throw Usage($"unknown argument '{args[i]}'");
            }
        }

        return new DaemonArguments(device ?? throw Usage("--device is required"), mountPoint ?? throw Usage("--mountpoint is required"),
            timeout, log, debug, noUserAccess, noDefaultPermissions);
    }

    /// <summary>The longest interval, as famfs mount -t allows it (a day): the log poll is a timer, which cannot wait 50 days.</summary>
    public const double MaxTimeoutSeconds = 86_400;

    private static TimeSpan ParseTimeout(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds <= MaxTimeoutSeconds
            ? TimeSpan.FromSeconds(seconds)
            : throw Usage($"--timeout '{text}' is not a number of seconds above 0 and at most {MaxTimeoutSeconds}");

    private static string Value(string[] args, int i) => i < args.Length ? args[i] : throw Usage($"{args[i - 1]} needs a value");

    private static FamfsException Usage(string problem) => new(Errno.EINVAL, $"famfs-fuse: {problem}",
        "usage: famfs-fuse --device DEV --mountpoint DIR [--timeout S] [--log FILE] [--debug] [--nouseraccess] [--nodefaultperm] (or --demo DIR)");
}
