using Famfs.TestSupport;
using static Famfs.Bench.Mount.MountTools;

namespace Famfs.Bench.Mount;

/// <summary>
/// `famfs mount` of a device whose log is full (15,420 entries) until the mount is live (the
/// command returns then), against the same command on an empty log.
/// </summary>
internal sealed class MountTimeBenchmark : IBenchmark
{
    private const int Runs = 5;

    public string Name => "mount-time";

    public string Description => "famfs mount of a full 15,420-entry log until the mount is live vs an empty log (goal < 1 s)";

    public void Run(TextWriter output)
    {
        using var tools = new MountTools();
        using var full = TestLog.CreateFormatted("bench-mount-time-full", LogReadBenchmark.FullLog(), LogReadBenchmark.FullLogDeviceSize);
        using var empty = TestLog.CreateFormatted("bench-mount-time-empty", size: 8UL << 30);
        var mountPoint = tools.MountPoint("time");

        var results = new Dictionary<string, List<double>>();
        for (var run = 0; run < Runs; run++)
        {
            foreach (var (name, device, directories) in new[] { ("full log", full, LogReadBenchmark.Directories), ("empty log", empty, 0) })
            {
                var took = tools.Mount(device.Path, mountPoint);
                var listed = Directory.GetDirectories(mountPoint).Length - 1; // less .meta
                if (listed != directories)
                {
                    throw new InvalidOperationException($"the mount of the {name} shows {listed} directories, expected {directories}");
                }

                Umount(mountPoint);
                (results.TryGetValue(name, out var list) ? list : results[name] = []).Add(took.TotalMilliseconds);
            }
        }

        output.WriteLine(Invariant($"famfs mount (the CLI process, start to exit = mount live), {Runs} runs; ms"));
        foreach (var (name, times) in results)
        {
            output.WriteLine(Invariant($"{name,-10} best {times.Min(),7:0.0}  median {times.Order().ElementAt(times.Count / 2),7:0.0}  [{string.Join(", ", times.Select(t => t.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))}]"));
        }

        var f = results["full log"].Order().ElementAt(Runs / 2);
        var e = results["empty log"].Order().ElementAt(Runs / 2);
        output.WriteLine(Invariant($"ratio full / empty (median): {f / e:0.00}x; full-log mount {f / 1000:0.000} s vs goal 1 s: {(f < 1000 ? "met" : "NOT met")}"));
    }
}
