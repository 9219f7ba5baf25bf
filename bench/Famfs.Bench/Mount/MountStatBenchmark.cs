using System.Diagnostics;
using Famfs.Format;
using Famfs.Log;
using Famfs.TestSupport;
using static Famfs.Bench.Mount.MountTools;

namespace Famfs.Bench.Mount;

/// <summary>`ls -lR` of 10,000 files in 100 directories through a famfs mount vs a tmpfs tree of the same shape.</summary>
internal sealed class MountStatBenchmark : IBenchmark
{
    private const int Directories = 100;
    private const int FilesPerDirectory = 100;
    private const int FileSize = 4096;
    private const int Runs = 3;

    public string Name => "mount-stat";

    public string Description => "ls -lR of 10,000 files (100 dirs x 100) through the famfs mount vs a tmpfs tree of the same shape";

    public void Run(TextWriter output)
    {
        using var tools = new MountTools();
        using var device = TestLog.CreateFormatted("bench-mount-stat", Entries(), size: 8UL << 30);
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

        var lines = new Dictionary<string, int>();
        var results = new Dictionary<string, (double Cold, double Warm)>();
        foreach (var (name, root) in new[] { ("tmpfs tree", tmpfs), ("famfs mount", famfs) })
        {
            var best = (Cold: double.MaxValue, Warm: double.MaxValue);
            for (var run = 0; run < Runs; run++)
            {
                DropCaches();
                var (cold, count) = LsLR(root);
                var (warm, _) = LsLR(root);
                lines[name] = count;
                best = (Math.Min(best.Cold, cold), Math.Min(best.Warm, warm));
            }

            results[name] = best;
        }

        output.WriteLine(Invariant($"ls -lR (a child process, output to a pipe), best of {Runs}; ms (lines of output)"));
        output.WriteLine(Invariant($"{"",-12} {"cold",8} {"warm",8}"));
        foreach (var (name, (cold, warm)) in results)
        {
            output.WriteLine(Invariant($"{name,-12} {cold,8:0.0} {warm,8:0.0}   ({lines[name]} lines)"));
        }

        var famfsTime = results["famfs mount"];
        var t = results["tmpfs tree"];
        output.WriteLine(Invariant($"ratio famfs time / tmpfs time: cold {famfsTime.Cold / t.Cold:0.00}x, warm {famfsTime.Warm / t.Warm:0.00}x (mount -t 1: attributes cached 1 s)"));
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
                // Metadata only: the files share a few extents (nothing reads them here).
                var offset = (64UL << 20) + ((ulong)(f % 50) * FormatConstants.AllocationUnit);
                yield return TestLog.File(Invariant($"dir{d:D3}/file{f:D3}"), offset, FileSize);
            }
        }
    }

    private static (double Milliseconds, int Lines) LsLR(string root)
    {
        var clock = Stopwatch.StartNew();
        var output = Exec("ls", "-lR", root);
        var ms = clock.Elapsed.TotalMilliseconds;
        return (ms, output.Count(c => c == '\n'));
    }
}
