using System.Diagnostics;
using Famfs.TestSupport;
using static Famfs.Bench.Mount.MountTools;

namespace Famfs.Bench.Mount;

/// <summary>
/// Sequential 1 MiB reads of a 1 GiB file through a famfs mount in each cache mode (strict,
/// coherent, keep), against the same bytes on tmpfs (the memory it could read at best), through
/// libfuse's passthrough_ll serving tmpfs (what a C FUSE daemon achieves) and through mapped_ll
/// (a minimal C daemon doing what strict mode does: direct I/O replied from a mapping of tmpfs;
/// the floor the kernel's FUSE direct-I/O path allows). Cold = after drop_caches, warm = read
/// again at once, in a new open (coherent keeps pages across opens while the file's write
/// generation is unchanged). All subjects are mounted at once and every round reads each of
/// them in turn, so load from other processes falls on all alike; each gets the best of the
/// same number of rounds, and ratios compare cold with cold and warm with warm.
/// </summary>
internal sealed class MountReadBenchmark : IBenchmark
{
    private const long FileSize = 1L << 30;
    private const int ReadSize = 1 << 20;
    private const int Rounds = 3;
    private const string Tmpfs = "tmpfs file";
    private const string Passthrough = "passthrough_ll";
    private const string Mapped = "mapped_ll (C)";
    private const string Strict = "famfs strict";
    private const string Coherent = "famfs coherent";

    public string Name => "mount-read";

    public string Description => "sequential 1 MiB reads of a 1 GiB file: famfs mount per cache mode vs tmpfs file, libfuse passthrough_ll and a C direct-I/O daemon over tmpfs (cold and warm, interleaved rounds)";

    public void Run(TextWriter output)
    {
        using var tools = new MountTools();
        using var device = TestLog.CreateFormatted("bench-mount-read", size: 4UL << 30);
        var tmpfs = tools.Scratch("read-src");
        var source = Path.Combine(tmpfs, "data");
        WriteRandom(source);

        // The master's mount is coherent (the default); strict and keep are clients' mounts of
        // the same device (a host mounts a device once): their read path is the master's.
        var coherent = tools.MountPoint("famfs-coherent");
        tools.Mount(device.Path, coherent, "--cache", "coherent");
        RunFamfs("cp", source, Path.Combine(coherent, "data"));
        var strict = tools.MountPoint("famfs-strict");
        tools.MountAs(Guid.NewGuid(), device.Path, strict, "--cache", "strict");
        var keep = tools.MountPoint("famfs-keep");
        tools.MountAs(Guid.NewGuid(), device.Path, keep, "--cache", "keep");
        var passthrough = tools.MountPoint("passthrough");
        tools.StartPassthrough(tmpfs, passthrough);
        var mapped = tools.MountPoint("mapped");
        tools.StartMapped(source, mapped);

        (string Name, string Path)[] subjects =
        [
            (Tmpfs, source),
            (Passthrough, Path.Combine(passthrough, "data")),
            (Mapped, Path.Combine(mapped, "data")),
            (Strict, Path.Combine(strict, "data")),
            (Coherent, Path.Combine(coherent, "data")),
            ("famfs keep", Path.Combine(keep, "data")),
        ];
        var best = subjects.ToDictionary(s => s.Name, _ => (Cold: 0.0, Warm: 0.0));
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var (name, path) in subjects)
            {
                DropCaches();
                var cold = Read(path);
                var warm = Read(path);
                best[name] = (Math.Max(best[name].Cold, cold), Math.Max(best[name].Warm, warm));
            }
        }

        Report(output, best);
    }

    private static void Report(TextWriter output, Dictionary<string, (double Cold, double Warm)> best)
    {
        output.WriteLine(Invariant($"1 GiB file, {ReadSize >> 20} MiB read() calls, best of {Rounds} interleaved rounds per subject; GiB/s"));
        output.WriteLine(Invariant($"{"",-16} {"cold",8} {"warm",8}   {"/ tmpfs",16}   {"/ passthrough_ll",16}"));
        var t = best[Tmpfs];
        var p = best[Passthrough];
        foreach (var (name, (cold, warm)) in best)
        {
            output.WriteLine(Invariant($"{name,-16} {cold,8:0.00} {warm,8:0.00}   {cold / t.Cold,7:0.00}x {warm / t.Warm,7:0.00}x   {cold / p.Cold,7:0.00}x {warm / p.Warm,7:0.00}x"));
        }

        output.WriteLine("(ratios: cold to tmpfs's cold, warm to its warm. tmpfs data lives in the page cache, so drop_caches");
        output.WriteLine(" cannot make it cold: its two columns are the same read, differing only by noise.)");
        var s = best[Strict];
        var m = best[Mapped];
        output.WriteLine(Invariant($"famfs strict / mapped_ll (the same direct-I/O path in C): cold {s.Cold / m.Cold:0.00}x, warm {s.Warm / m.Warm:0.00}x"));
        var coherentWarm = best[Coherent].Warm / t.Warm;
        var strictRatio = Math.Min(s.Cold / t.Cold, s.Warm / t.Warm);
        output.WriteLine(Invariant($"goal coherent warm >= 0.80x tmpfs warm: {coherentWarm:0.00}x {Verdict(coherentWarm >= 0.8)}; goal strict >= 0.70x tmpfs (worse of cold, warm): {strictRatio:0.00}x {Verdict(strictRatio >= 0.7)}"));
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

    /// <summary>Reads the whole file with 1 MiB read(2) calls into a page-aligned buffer (see <see cref="AlignedBuffer"/>); GiB/s.</summary>
    private static double Read(string path)
    {
        using var buffer = new AlignedBuffer(ReadSize);
        var clock = Stopwatch.StartNew();
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        long offset = 0;
        int n;
        while ((n = RandomAccess.Read(handle, buffer.Span, offset)) > 0)
        {
            offset += n;
        }

        var seconds = clock.Elapsed.TotalSeconds;
        return offset != FileSize ? throw new InvalidOperationException($"read {offset} bytes of {path}, expected {FileSize}") : FileSize / seconds / (1 << 30);
    }
}
