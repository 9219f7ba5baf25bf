using System.CommandLine;

namespace Famfs.Daemon;

/// <summary>
/// famfs-fuse, the FUSE daemon: `famfs mount` starts it as its own process; it runs in the
/// foreground until SIGTERM/SIGINT or unmount. Exit codes: 0 after a clean unmount (and for
/// --help, --version), 1 when mounting or serving failed, 2 for bad arguments, 70 for a bug.
/// Its behaviour never depends on the name it was started by (famfs-fuse or famfs_fused).
/// </summary>
internal static class Program
{
    public const int Failed = 1;
    public const int Usage = 2;
    public const int InternalError = 70;

    private static int Main(string[] args)
    {
        Hosting.HostEnvironment.Apply();
        var log = new DaemonLog();
        var parsed = DaemonArguments.Command(arguments => MountDaemon.Run(arguments, log)).Parse(args);
        if (parsed.Errors.Count > 0 && !AsksForHelpOrVersion(parsed))
        {
            log.Error($"{string.Join("; ", parsed.Errors.Select(e => e.Message.TrimEnd('.')))} (famfs-fuse --help shows the usage)");
            return Usage;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The stack trace for a bug report, then one line of our own last: famfs mount shows
            // the daemon's last "famfs-fuse:" line as the reason it failed.
            Console.Error.WriteLine(e);
            log.Error($"internal error, please report it (stack trace above): {e.GetType().Name}: {e.Message}");
            return InternalError;
        }
    }

    /// <summary>--help and --version answer even when the required options are missing.</summary>
    private static bool AsksForHelpOrVersion(ParseResult parsed) =>
        parsed.Tokens.Any(t => t.Value is "--help" or "-h" or "-?" or "--version");
}
