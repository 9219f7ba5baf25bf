using System.Diagnostics;
using Famfs.TestSupport;
using static Famfs.Bench.Mount.MountTools;

namespace Famfs.Bench.Mount;

/// <summary>
/// Sequential 1 MiB reads of a 1 GiB file through a famfs mount in each cache mode (strict,
/// coherent, keep), against the same file on tmpfs (the memory it could read at best) and
/// through libfuse's passthrough_ll serving tmpfs (what a C FUSE daemon achieves). Cold = after
/// drop_caches, warm = read again at once, in a new open (coherent keeps pages across opens
/// while the file's write generation is unchanged).
/// </summary>
internal sealed class MountReadBenchmark : IBenchmark
{
    private const long FileSize = 1L << 30;
    private const int ReadSize = 1 << 20;
    private const int Runs = 3;
    private const string Tmpfs = "tmpfs file";
    private const string Passthrough = "passthrough_ll";
    private static readonly string[] Modes = ["strict", "coherent", "keep"];

    public string Name => "mount-read";

    public string Description => "sequential 1 MiB reads of a 1 GiB file: famfs mount per cache mode vs tmpfs file vs libfuse passthrough_ll over tmpfs (cold and warm)";

    public void Run(TextWriter output)
    {
        using var tools = new MountTools();
        using var device = TestLog.CreateFormatted("bench-mount-read", size: 4UL << 30);
        var tmpfs = tools.Scratch("read-src");
        var source = Path.Combine(tmpfs, "data");
        WriteRandom(source);

        var famfs = tools.MountPoint("famfs");
        tools.Mount(device.Path, famfs);
        RunFamfs("cp", source, Path.Combine(famfs, "data"));
        Umount(famfs);
        var passthrough = tools.MountPoint("passthrough");
        tools.StartPassthrough(tmpfs, passthrough);

        var results = new Dictionary<string, (double Cold, double Warm)>();
        void Measure(string name, string path)
        {
            DropCaches();
            var cold = Read(path);
            var warm = Read(path);
            var best = results.GetValueOrDefault(name);
            results[name] = (Math.Max(best.Cold, cold), Math.Max(best.Warm, warm));
        }

        // One mount per mode (a host mounts a device once); the baselines are measured between
        // famfs runs, so load from other processes falls on them alike.
        foreach (var mode in Modes)
        {
            tools.Mount(device.Path, famfs, "--cache", mode);
            for (var run = 0; run < Runs; run++)
            {
                Measure(Tmpfs, source);
                Measure(Passthrough, Path.Combine(passthrough, "data"));
                Measure($"famfs {mode}", Path.Combine(famfs, "data"));
            }

            Umount(famfs);
        }

        output.WriteLine(Invariant($"1 GiB file, {ReadSize >> 20} MiB read() calls, best of {Runs} runs (baselines: of {Runs * Modes.Length}); GiB/s"));
        output.WriteLine(Invariant($"{"",-16} {"cold",8} {"warm",8}   {"/ tmpfs",16}   {"/ passthrough_ll",16}"));
        // tmpfs data lives in the page cache, so drop_caches cannot make it cold: its best read is the reference.
        var tmpfsBest = Math.Max(results[Tmpfs].Cold, results[Tmpfs].Warm);
        var p = results[Passthrough];
        foreach (var (name, (cold, warm)) in results)
        {
            output.WriteLine(Invariant($"{name,-16} {cold,8:0.00} {warm,8:0.00}   {cold / tmpfsBest,7:0.00}x {warm / tmpfsBest,7:0.00}x   {cold / p.Cold,7:0.00}x {warm / p.Warm,7:0.00}x"));
        }

        output.WriteLine("(ratios against the tmpfs file's best read, cold or warm)");
        var coherentWarm = results["famfs coherent"].Warm / tmpfsBest;
        var strict = Math.Min(results["famfs strict"].Cold, results["famfs strict"].Warm) / tmpfsBest;
        output.WriteLine(Invariant($"goal coherent warm >= 0.80x tmpfs: {coherentWarm:0.00}x {Verdict(coherentWarm >= 0.8)}; goal strict >= 0.70x tmpfs: {strict:0.00}x {Verdict(strict >= 0.7)}"));
    }

    private static string Verdict(bool met) => met ? "met" : "NOT met";

    private static void WriteRandom(string path)
    {
        var buffer = new byte[ReadSize];
        var random = new Random(42);
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0);
        for (long done = 0; done < FileSize; done += buffer.Length)
        {
            random.NextBytes(buffer);
            stream.Write(buffer);
        }
    }

    /// <summary>Reads the whole file with 1 MiB read(2) calls; GiB/s.</summary>
    private static double Read(string path)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(ReadSize, pinned: true);
        var clock = Stopwatch.StartNew();
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        long offset = 0;
        int n;
        while ((n = RandomAccess.Read(handle, buffer, offset)) > 0)
        {
            offset += n;
        }

        var seconds = clock.Elapsed.TotalSeconds;
        return offset != FileSize ? throw new InvalidOperationException($"read {offset} bytes of {path}, expected {FileSize}") : FileSize / seconds / (1 << 30);
    }
}
