using System.Diagnostics;
using Famfs.Format;
using Famfs.Log;
using Famfs.TestSupport;
using static Famfs.Bench.Mount.MountTools;

namespace Famfs.Bench.Mount;

/// <summary>
/// `ls -lR` of 10,000 files in 100 directories through a famfs mount vs a tmpfs tree of the same
/// shape, with the FUSE requests each famfs listing caused (the daemon's /icache_stats): a cold
/// listing can only match tmpfs while it costs round trips per directory, never per file.
/// </summary>
internal sealed class MountStatBenchmark : IBenchmark
{
    private const int Directories = 100;
    private const int FilesPerDirectory = 100;
    private const int FileSize = 4096;
    private const int Runs = 5;
    private static readonly TimeSpan WarmPause = TimeSpan.FromSeconds(1.5);

    public string Name => "mount-stat";

    public string Description => "ls -lR of 10,000 files (100 dirs x 100) through the famfs mount vs a tmpfs tree of the same shape";

    public void Run(TextWriter output)
    {
        using var tools = new MountTools();
        using var device = TestLog.CreateFormatted("bench-mount-stat", Entries(), size: 24UL << 30);
        var tmpfs = tools.Scratch("stat-tree");
        for (var d = 0; d < Directories; d++)
        {
            var dir = Directory.CreateDirectory(Path.Combine(tmpfs, Invariant($"dir{d:D3}"))).FullName;
            for (var f = 0; f < FilesPerDirectory; f++)
            {
                using var file = new FileStream(Path.Combine(dir, Invariant($"file{f:D3}")), FileMode.CreateNew);
                file.SetLength(FileSize);
            }
        }

        var famfs = tools.MountPoint("famfs");
        tools.Mount(device.Path, famfs);
        var requests = new DaemonRequests(famfs);

        // Interleaved, one famfs run after one tmpfs run, so load from other processes falls on
        // both alike; every run's ratio is printed because the goal holds for every run.
        output.WriteLine(Invariant($"ls -lR (a child process, output to a pipe), {Runs} runs; ms (famfs / tmpfs)"));
        output.WriteLine(Invariant($"{"run",-4} {"tmpfs cold",10} {"famfs cold",10} {"ratio",6}   {"tmpfs warm",10} {"famfs warm",10} {"ratio",6}   famfs requests cold | warm"));
        var worst = (Cold: 0.0, Warm: 0.0);
        for (var run = 1; run <= Runs; run++)
        {
            var t = ColdAndWarm(tmpfs);
            var f = ColdAndWarm(famfs, requests);
            worst = (Math.Max(worst.Cold, f.Cold / t.Cold), Math.Max(worst.Warm, f.Warm / t.Warm));
            output.WriteLine(Invariant($"{run,-4} {t.Cold,10:0.0} {f.Cold,10:0.0} {f.Cold / t.Cold,5:0.00}x   {t.Warm,10:0.0} {f.Warm,10:0.0} {f.Warm / t.Warm,5:0.00}x   {f.ColdRequests} | {f.WarmRequests}"));
        }

        output.WriteLine(Invariant($"worst ratio famfs time / tmpfs time: cold {worst.Cold:0.00}x, warm {worst.Warm:0.00}x (goal <= 1.00 every run: {(Math.Max(worst.Cold, worst.Warm) <= 1.0 ? "met" : "NOT met")}; warm runs start 1.5 s after the cold one, past the mount's -t 1 poll interval)"));
    }

    private static (double Cold, double Warm, string ColdRequests, string WarmRequests) ColdAndWarm(string root, DaemonRequests? requests = null)
    {
        DropCaches();
        var before = requests?.Counters();
        var cold = LsLR(root);
        var afterCold = requests?.Counters();
        // Past the poll interval, so warm measures what the kernel keeps beyond it.
        Thread.Sleep(WarmPause);
        var warm = LsLR(root);
        return requests is null ? (cold, warm, "", "")
            : (cold, warm, DaemonRequests.Between(before!, afterCold!), DaemonRequests.Between(afterCold!, requests.Counters()));
    }

    private static IEnumerable<LogEntry> Entries()
    {
        for (var d = 0; d < Directories; d++)
        {
            yield return TestLog.Mkdir(Invariant($"dir{d:D3}"));
        }

        for (var d = 0; d < Directories; d++)
        {
            for (var f = 0; f < FilesPerDirectory; f++)
            {
                // Each file its own allocation unit (the engine refuses cross-linked extents); the
                // device is a sparse file, so the 20 GiB they span cost no memory.
                var offset = (64UL << 20) + ((ulong)((d * FilesPerDirectory) + f) * FormatConstants.AllocationUnit);
                yield return TestLog.File(Invariant($"dir{d:D3}/file{f:D3}"), offset, FileSize);
            }
        }
    }

    /// <summary>Milliseconds; checks that every file was listed.</summary>
    private static double LsLR(string root)
    {
        var clock = Stopwatch.StartNew();
        var output = Exec("ls", "-lR", root);
        var ms = clock.Elapsed.TotalMilliseconds;
        var files = output.Split('\n').Count(line => line.StartsWith('-'));
        return files == Directories * FilesPerDirectory ? ms : throw new InvalidOperationException($"ls -lR {root} listed {files} files, expected {Directories * FilesPerDirectory}");
    }
}
