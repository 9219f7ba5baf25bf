using System.Diagnostics;
using Famfs.Errors;

namespace Famfs.Cli.Commands;

/// <summary>
/// Starts famfs-fuse as a separate process (a running .NET runtime must never fork): the
/// published executable next to `famfs`, or its dll through `dotnet` in a build tree.
/// Its standard streams are not inherited; it logs to the file it is given.
/// </summary>
internal static class DaemonLauncher
{
    public static Process Start(IEnumerable<string> arguments)
    {
        var directory = AppContext.BaseDirectory;
        var executable = Path.Combine(directory, "famfs-fuse");
        var dll = Path.Combine(directory, "famfs-fuse.dll");
        var start = File.Exists(executable) ? new ProcessStartInfo(executable)
            : File.Exists(dll) ? new ProcessStartInfo("dotnet") { ArgumentList = { dll } }
            : throw new FamfsException(Errno.ENOENT, $"famfs-fuse is not installed next to famfs in {directory}", "run scripts/setup.sh");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.UseShellExecute = false;
        start.RedirectStandardInput = true; // not inherited: the daemon must not hold the caller's terminal or pipes
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        return Process.Start(start) ?? throw new FamfsException(Errno.EIO, "could not start famfs-fuse");
    }
}
