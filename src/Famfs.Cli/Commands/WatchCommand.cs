using System.CommandLine;
using System.Globalization;
using Famfs.Errors;

namespace Famfs.Cli.Commands;

/// <summary>famfs watch: block until each path exists (created by any process or host), printing each as it appears.</summary>
internal static class WatchCommand
{
    /// <summary>The longest --timeout; a timer cannot wait past about 49 days, and without --timeout watch waits forever.</summary>
    private const double MaxTimeout = 30 * 86_400;

    public static Command Create()
    {
        var files = new FileOptions();
        var timeout = new Option<double?>("--timeout", "-t") { Description = "Give up after this many seconds (exit 9); default: wait forever" };
        var paths = new Argument<string[]>("PATH") { Description = "Paths to wait for: inside a famfs mount, or with --device relative to the file system root", Arity = ArgumentArity.OneOrMore };
        var command = new Command("watch", "Wait until each PATH exists in the file system, printing each as it appears. Exit 0: all exist; 9: timed out")
        {
            files.Device, timeout, paths,
        };
        command.SetHandler(result => Run(files, result, result.GetValue(timeout), result.GetRequiredValue(paths)));
        return command;
    }

    private static int Run(FileOptions files, ParseResult result, double? timeoutSeconds, string[] paths)
    {
        if (timeoutSeconds is < 0 or double.NaN)
        {
            throw new FamfsException(Errno.EINVAL, string.Create(CultureInfo.InvariantCulture, $"--timeout {timeoutSeconds} is not a number of seconds >= 0"), "e.g. --timeout 30");
        }

        if (timeoutSeconds > MaxTimeout)
        {
            throw new FamfsException(Errno.EINVAL, string.Create(CultureInfo.InvariantCulture, $"--timeout {timeoutSeconds} is more than {MaxTimeout} seconds (30 days)"),
                "leave --timeout out to wait forever");
        }

        using var target = files.Open(result, paths[0], readOnly: true);
        var fs = target.FileSystem;
        using var deadline = timeoutSeconds is { } seconds ? new CancellationTokenSource(TimeSpan.FromSeconds(seconds)) : new CancellationTokenSource();
        var printed = new Lock();
        var waits = paths.Select(async path =>
        {
            await fs.WaitForFileAsync(target.Relative(path), deadline.Token).ConfigureAwait(false);
            lock (printed)
            {
                Console.WriteLine(path);
            }

            return path;
        }).ToList();
        try
        {
            Task.WhenAll(waits).GetAwaiter().GetResult();
            return ExitCodes.Success;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            var missing = paths.Where((_, i) => !waits[i].IsCompletedSuccessfully);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"famfs watch: timed out after {timeoutSeconds} s; still missing: {string.Join(", ", missing)}"));
            return ExitCodes.Timeout;
        }
    }
}
