using System.Diagnostics;
using Famfs.Mounts;
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
        var passthroughPid = tools.StartPassthrough(tmpfs, passthrough);
        var mapped = tools.MountPoint("mapped");
        var mappedPid = tools.StartMapped(source, mapped);

        Subject[] subjects =
        [
            new(Tmpfs, source, null),
            new(Passthrough, Path.Combine(passthrough, "data"), passthroughPid),
            new(Mapped, Path.Combine(mapped, "data"), mappedPid),
            Famfs(Strict, strict),
            Famfs(Coherent, coherent),
            Famfs("famfs keep", keep),
        ];
        var best = subjects.ToDictionary(s => s.Name, _ => (Cold: Measurement.None, Warm: Measurement.None));
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var subject in subjects)
            {
                DropCaches();
                var cold = Read(subject);
                var warm = Read(subject);
                var (bestCold, bestWarm) = best[subject.Name];
                best[subject.Name] = (bestCold.Best(cold), bestWarm.Best(warm));
            }
        }

        Report(output, best);
    }

    private static Subject Famfs(string name, string mountPoint) =>
        new(name, Path.Combine(mountPoint, "data"), FamfsMountTable.At(mountPoint)?.DaemonPid ?? throw new InvalidOperationException($"no famfs daemon at {mountPoint}"));

    private static void Report(TextWriter output, Dictionary<string, (Measurement Cold, Measurement Warm)> best)
    {
        output.WriteLine(Invariant($"1 GiB file, {ReadSize >> 20} MiB read() calls, best of {Rounds} interleaved rounds per subject; GiB/s, and CPU ms per GiB (reader + daemon)"));
        output.WriteLine(Invariant($"{"",-16} {"cold",7} {"warm",7}   {"/ tmpfs",15}   {"/ passthrough_ll",15}   {"CPU ms/GiB",15}"));
        var t = best[Tmpfs];
        var p = best[Passthrough];
        foreach (var (name, (cold, warm)) in best)
        {
            output.WriteLine(Invariant($"{name,-16} {cold.Speed,7:0.00} {warm.Speed,7:0.00}   {cold.Speed / t.Cold.Speed,6:0.00}x {warm.Speed / t.Warm.Speed,6:0.00}x   {cold.Speed / p.Cold.Speed,6:0.00}x {warm.Speed / p.Warm.Speed,6:0.00}x   {cold.CpuMs,7:0} {warm.CpuMs,7:0}"));
        }

        output.WriteLine("(ratios: cold to tmpfs's cold, warm to its warm. tmpfs data lives in the page cache, so drop_caches");
        output.WriteLine(" cannot make it cold: its two columns are the same read, differing only by noise.)");
        var s = best[Strict];
        var m = best[Mapped];
        output.WriteLine(Invariant($"famfs strict / mapped_ll (the same direct-I/O path in C): speed cold {s.Cold.Speed / m.Cold.Speed:0.00}x, warm {s.Warm.Speed / m.Warm.Speed:0.00}x; CPU per GiB cold {s.Cold.CpuMs / m.Cold.CpuMs:0.00}x, warm {s.Warm.CpuMs / m.Warm.CpuMs:0.00}x"));
        var coherentWarm = best[Coherent].Warm.Speed / t.Warm.Speed;
        var strictRatio = Math.Min(s.Cold.Speed / t.Cold.Speed, s.Warm.Speed / t.Warm.Speed);
        output.WriteLine(Invariant($"goal coherent warm >= 0.80x tmpfs warm: {coherentWarm:0.00}x {Verdict(coherentWarm >= 0.8)}; goal strict >= 0.70x tmpfs (worse of cold, warm): {strictRatio:0.00}x {Verdict(strictRatio >= 0.7)}"));
        output.WriteLine(Invariant($"(CPU bound: a read cannot beat tmpfs by more than its CPU per GiB allows; strict's CPU ceiling: {t.Warm.CpuMs / s.Warm.CpuMs:0.00}x tmpfs warm)"));
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

    /// <summary>
    /// Reads the whole file with 1 MiB read(2) calls into a page-aligned buffer (see
    /// <see cref="AlignedBuffer"/>); its speed and the CPU it took, this thread's and the daemon's.
    /// </summary>
    private static Measurement Read(Subject subject)
    {
        using var buffer = new AlignedBuffer(ReadSize);
        var daemonCpu = subject.DaemonPid is { } daemon ? CpuClock.Process(daemon) : 0;
        var readerCpu = CpuClock.ThisThread();
        var clock = Stopwatch.StartNew();
        using (var handle = File.OpenHandle(subject.Path, FileMode.Open, FileAccess.Read))
        {
            long offset = 0;
            int n;
            while ((n = RandomAccess.Read(handle, buffer.Span, offset)) > 0)
            {
                offset += n;
            }

            if (offset != FileSize)
            {
                throw new InvalidOperationException($"read {offset} bytes of {subject.Path}, expected {FileSize}");
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = CpuClock.ThisThread() - readerCpu + (subject.DaemonPid is { } pid ? CpuClock.Process(pid) - daemonCpu : 0);
        var gib = (double)FileSize / (1 << 30);
        return new Measurement(gib / seconds, cpu * 1000 / gib);
    }

    /// <summary>A file to read and the daemon serving it (none for tmpfs).</summary>
    private sealed record Subject(string Name, string Path, int? DaemonPid);

    /// <summary>GiB/s, and CPU milliseconds per GiB read; the best of several is the fastest and, apart, the cheapest.</summary>
    private readonly record struct Measurement(double Speed, double CpuMs)
    {
        public static Measurement None => new(0, double.MaxValue);

        public Measurement Best(Measurement other) => new(Math.Max(Speed, other.Speed), Math.Min(CpuMs, other.CpuMs));
    }
}
