using System.Diagnostics;
using Famfs.Errors;
using Famfs.TestSupport;

namespace Famfs.Bench.Cli;

/// <summary>
/// One command timed as a whole process, start to exit, wall clock. <see cref="Before"/> and
/// <see cref="After"/> run untimed around each run (a fresh device, an unmount); the command's
/// arguments are asked for after <see cref="Before"/>, so they may name what it made.
/// </summary>
internal sealed record TimedCommand(string Label, string Program, Func<IReadOnlyList<string>> Arguments)
{
    public Action? Before { get; init; }

    public Action? After { get; init; }

    /// <summary>The figure to compare with (ms), and where it comes from; null: none.</summary>
    public (double Milliseconds, string What)? Compare { get; init; }
}

/// <summary>Runs commands round by round, interleaved (a, b, c, a, b, c, …), so a change in the shared machine's load weighs on all alike.</summary>
internal static class ProcessTimes
{
    /// <summary>The host identity every command runs as: TestLog's devices' master.</summary>
    private static readonly Dictionary<string, string> Environment = new() { ["FAMFS_SYSTEM_UUID"] = TestLog.MasterUuid.ToString() };

    /// <returns>Each command's times in ms, in order, warm-up runs left out.</returns>
    public static List<double>[] Measure(int warmups, int rounds, IReadOnlyList<TimedCommand> commands)
    {
        var times = commands.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < warmups + rounds; round++)
        {
            for (var c = 0; c < commands.Count; c++)
            {
                var took = RunQuietly(commands[c]);
                if (round >= warmups)
                {
                    times[c].Add(took.TotalMilliseconds);
                }
            }
        }

        return times;
    }

    /// <summary>
    /// <see cref="RunOnce"/> with no garbage collection of this process while the command runs:
    /// a background collection of the harness's heap (the full log it built) would share the
    /// machine's 2 processors with the command timed. A round allocates far less than the region.
    /// </summary>
    private static TimeSpan RunQuietly(TimedCommand command)
    {
        var quiet = GC.TryStartNoGCRegion(16 << 20);
        try
        {
            return RunOnce(command);
        }
        finally
        {
            if (quiet && System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.NoGCRegion)
            {
                GC.EndNoGCRegion();
            }
        }
    }

    /// <summary>Runs a command once, untimed, and returns its standard output; throws when it fails.</summary>
    public static string Output(string program, params string[] args) => Checked(program, args, Shell.Run(program, args, environment: Environment, timeout: TimeSpan.FromMinutes(2)));

    private static TimeSpan RunOnce(TimedCommand command)
    {
        command.Before?.Invoke();
        var args = command.Arguments();
        var clock = Stopwatch.StartNew();
        var result = Shell.Run(command.Program, args, environment: Environment, timeout: TimeSpan.FromMinutes(2));
        var took = clock.Elapsed;
        Checked(command.Program, args, result);
        command.After?.Invoke();
        return took;
    }

    private static string Checked(string program, IReadOnlyList<string> args, Shell.Result result) =>
        result.ExitCode == 0 ? result.StdOut
            : throw new FamfsException(Errno.EIO, $"{program} {string.Join(' ', args.Take(6))}{(args.Count > 6 ? " …" : string.Empty)} exited {result.ExitCode}: {result.StdErr.Trim()}");
}
