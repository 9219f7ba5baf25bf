using System.Diagnostics;
using Famfs.TestSupport;
using static Famfs.Bench.Mount.MountTools;

namespace Famfs.Bench.Mount;

/// <summary>
/// Sequential 1 MiB reads of a 1 GiB file through a famfs mount, against the same file on tmpfs
/// (the memory it could read at best) and through libfuse's passthrough_ll serving tmpfs (what
/// a C FUSE daemon achieves). Cold = after drop_caches, warm = read again at once.
/// </summary>
internal sealed class MountReadBenchmark : IBenchmark
{
    private const long FileSize = 1L << 30;
    private const int ReadSize = 1 << 20;
    private const int Runs = 3;

    public string Name => "mount-read";

    public string Description => "sequential 1 MiB reads of a 1 GiB file: famfs mount vs tmpfs file vs libfuse passthrough_ll over tmpfs (cold and warm)";

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
        var passthrough = tools.MountPoint("passthrough");
        tools.StartPassthrough(tmpfs, passthrough);

        var targets = new (string Name, string Path)[]
        {
            ("tmpfs file", source),
            ("famfs mount", Path.Combine(famfs, "data")),
            ("passthrough_ll", Path.Combine(passthrough, "data")),
        };
        var results = targets.ToDictionary(t => t.Name, _ => (Cold: 0.0, Warm: 0.0));
        for (var run = 0; run < Runs; run++)
        {
            foreach (var (name, path) in targets)
            {
                DropCaches();
                var cold = Read(path);
                var warm = Read(path);
                var best = results[name];
                results[name] = (Math.Max(best.Cold, cold), Math.Max(best.Warm, warm));
            }
        }

        output.WriteLine(Invariant($"1 GiB file, {ReadSize >> 20} MiB read() calls, best of {Runs} runs; GiB/s"));
        output.WriteLine(Invariant($"{"",-16} {"cold",8} {"warm",8}"));
        foreach (var (name, (cold, warm)) in results)
        {
            output.WriteLine(Invariant($"{name,-16} {cold,8:0.00} {warm,8:0.00}"));
        }

        var f = results["famfs mount"];
        var t = results["tmpfs file"];
        var p = results["passthrough_ll"];
        output.WriteLine("(tmpfs data lives in the page cache: drop_caches cannot make it cold)");
        output.WriteLine(Invariant($"ratio famfs / tmpfs:          cold {f.Cold / t.Cold:0.00}x, warm {f.Warm / t.Warm:0.00}x (goal >= 0.5)"));
        output.WriteLine(Invariant($"ratio famfs / passthrough_ll: cold {f.Cold / p.Cold:0.00}x, warm {f.Warm / p.Warm:0.00}x"));
    }

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
