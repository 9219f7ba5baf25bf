using System.Globalization;
using Famfs.Bench.Mount;
using Famfs.Format;
using Famfs.Mounts;
using Famfs.TestSupport;

namespace Famfs.Bench.Cli;

/// <summary>
/// Whole-process famfs commands, native AOT and JIT, against two baselines measured in the same
/// run (a process that does nothing, /bin/true; reading the superblock and log bytes with dd),
/// the start-up goals of issue 13 and the reference famfs's figures the issue records. The
/// reference's binaries cannot be run here (docs/PERFORMANCE.md says why): its figures are
/// constants, printed with where they come from.
/// </summary>
internal sealed class CliTimeBenchmark : IBenchmark
{
    private const int Files = 10_000;
    private const double StartGoalMs = 20;
    private const double MountGoalMs = 100;

    /// <summary>The reference's figures on this machine, as issue 13 records them.</summary>
    private static readonly (double Milliseconds, string What) ReferenceFsck = (9, "reference fsck of the same full log, 9 ms (issue 13)");
    private static readonly (double Milliseconds, string What) ReferenceCreates = (410, "reference 10,000 creates under one log-lock hold, 0.41 s whole process (issue 13)");

    public string Name => "cli-time";

    public string Description => "whole-process famfs commands (AOT and JIT) vs /bin/true and dd of the log; goals and reference figures of issue 13";

    public void Run(TextWriter output)
    {
        CliBuild.Aot.Require();
        CliBuild.Jit.Require();
        using var full = TestLog.CreateFormatted("bench-cli-full", LogReadBenchmark.FullLog(), LogReadBenchmark.FullLogDeviceSize);
        using var empty = TestLog.CreateFormatted("bench-cli-empty", size: 8UL << 30);
        var logBytes = FormatConstants.MetadataLength(FormatConstants.DefaultLogLength);
        var entries = ProcessTimes.Output(CliBuild.Aot.Famfs, "fsck", full.Path);
        if (!entries.Contains("15420 of 15420 entries used", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"fsck of the full log does not report 15,420 entries:\n{entries}");
        }

        var dd = new TimedCommand($"dd of superblock+log ({logBytes >> 20} MiB)", "dd", () =>
            [$"if={full.Path}", "of=/dev/null", "bs=1M", $"count={logBytes >> 20}", "status=none"]);
        var baselines = new[] { new TimedCommand("/bin/true (process start-up)", "/bin/true", () => []), dd };
        output.WriteLine("whole process, start to exit, wall clock, ms: best and median; rounds interleaved");
        Report(output, 3, 60,
        [
            .. baselines,
            Famfs(CliBuild.Aot, "--help") with { Compare = (StartGoalMs, "goal < 20 ms") },
            Famfs(CliBuild.Aot, "fsck", empty.Path) with { Label = "AOT famfs fsck, empty file system", Compare = (StartGoalMs, "goal < 20 ms") },
            Famfs(CliBuild.Aot, "fsck", full.Path) with { Label = "AOT famfs fsck, full 15,420-entry log", Compare = ReferenceFsck },
        ]);
        Report(output, 1, 5,
        [
            .. baselines,
            Famfs(CliBuild.Jit, "fsck", full.Path) with { Label = "JIT famfs fsck, full 15,420-entry log", Compare = ReferenceFsck },
            Creates(CliBuild.Aot),
            Creates(CliBuild.Jit),
        ]);
        if (!Environment.IsPrivilegedProcess || !File.Exists("/dev/fuse"))
        {
            output.WriteLine("famfs mount: skipped (needs root and /dev/fuse)");
            return;
        }

        using var tools = new MountTools();
        Report(output, 1, 5, [.. baselines, Mount(CliBuild.Aot, full.Path, tools), Mount(CliBuild.Jit, full.Path, tools)]);
    }

    private static TimedCommand Famfs(CliBuild build, params string[] args) =>
        new($"{build.Name} famfs {string.Join(' ', args)}", build.Famfs, () => args);

    /// <summary>`famfs creat -M NAME,4k` × 10,000 in one process, each round on a fresh file system.</summary>
    private static TimedCommand Creates(CliBuild build)
    {
        TempDevice? device = null;
        var multi = Enumerable.Range(0, Files).SelectMany(i => new[] { "-M", $"f{i:D5},4k" }).ToArray();
        return new TimedCommand($"{build.Name} famfs creat -M ×{Files:N0} (4 KiB files)", build.Famfs, () => ["creat", "-D", device!.Path, .. multi])
        {
            Before = () => device = TestLog.CreateFormatted("bench-cli-creat", size: 32UL << 30),
            After = () => device!.Dispose(),
            Compare = ReferenceCreates,
        };
    }

    /// <summary>`famfs mount` of the full log until it returns (the mount is then live); unmounted after each run, untimed.</summary>
    private static TimedCommand Mount(CliBuild build, string device, MountTools tools)
    {
        var mountPoint = tools.MountPoint($"cli-{build.Name.ToLowerInvariant()}");
        return new TimedCommand($"{build.Name} famfs mount, full log, until live", build.Famfs, () => ["mount", device, mountPoint])
        {
            After = () =>
            {
                if (FamfsMountTable.MountedType(mountPoint) != FamfsMountTable.FuseType)
                {
                    throw new InvalidOperationException($"famfs mount returned but {mountPoint} is not a famfs mount");
                }

                ProcessTimes.Output(build.Famfs, "umount", mountPoint);
            },
            Compare = (MountGoalMs, "goal < 100 ms"),
        };
    }

    private static void Report(TextWriter output, int warmups, int rounds, TimedCommand[] commands)
    {
        var times = ProcessTimes.Measure(warmups, rounds, commands);
        var start = times[0].Min();
        output.WriteLine(Invariant($"{rounds} rounds after {warmups} warm-up:"));
        for (var c = 0; c < commands.Length; c++)
        {
            var best = times[c].Min();
            var median = times[c].Order().ElementAt(times[c].Count / 2);
            var line = Invariant($"  {commands[c].Label,-48} {best,8:0.0} {median,8:0.0}   {best / start,6:0.0}x true");
            if (commands[c].Compare is { } compare)
            {
                line += Invariant($"   {best / compare.Milliseconds:0.00}x {compare.What}") + (compare.What.StartsWith("goal", StringComparison.Ordinal)
                    ? (best < compare.Milliseconds ? ": met" : ": NOT met") : string.Empty);
            }

            output.WriteLine(line);
        }
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
