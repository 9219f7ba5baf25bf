using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using Famfs.Bench.Mount;
using Famfs.TestSupport;
using static Famfs.Bench.Mount.MountTools;

namespace Famfs.Bench.Shared;

/// <summary>
/// Cross-host visibility through coherent mounts: the master's mount (the writer host) and a
/// client's mount (another FAMFS_SYSTEM_UUID) of one device, each its own daemon process. Each
/// write puts a new counter in the first bytes of a 4 KiB file through the writer's mount; the
/// reader re-reads the file through its mount (one descriptor, kept open: its pages stay
/// cached until the client's poll drops them) until it sees that counter. The time from the
/// write's return until then is the latency, against the mounts' poll interval (-t).
/// </summary>
internal sealed class VisibilityLatencyBenchmark(BenchOptions options) : IBenchmark
{
    private const double PollSeconds = 0.1;
    private const int WriteSize = 4096;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly int _writes = options.Count ?? 1_000;

    public string Name => "cross-host-visibility";

    public string Description => $"time until a client's coherent mount sees a 4 KiB write made through the master's mount, p50/p99 over {_writes:N0} writes, against -t {PollSeconds} s";

    public IReadOnlyList<string> Options => [BenchOptions.CountOption];

    public void Run(TextWriter output)
    {
        using var tools = new MountTools();
        using var device = TestLog.CreateFormatted("bench-visibility", size: 4UL << 30);
        var t = PollSeconds.ToString(CultureInfo.InvariantCulture);
        var writerMount = tools.MountPoint("writer");
        tools.Mount(device.Path, writerMount, "-t", t, "--cache", "coherent");
        var readerMount = tools.MountPoint("reader");
        tools.MountAs(Guid.NewGuid(), device.Path, readerMount, "-t", t, "--cache", "coherent");
        RunFamfs("creat", "-s", "4k", Path.Combine(writerMount, "f"));

        using var writer = File.OpenHandle(Path.Combine(writerMount, "f"), FileMode.Open, FileAccess.Write);
        using var reader = File.OpenHandle(Path.Combine(readerMount, "f"), FileMode.Open, FileAccess.Read);
        var data = new byte[WriteSize];
        var seen = new byte[sizeof(long)];
        var latencies = new double[_writes];
        var phase = new Random(42);
        for (var i = 0; i < _writes; i++)
        {
            // A write right after the reader saw the last one would always land just after a
            // poll: a random pause puts each write at a random point of the poll cycle.
            Thread.Sleep(TimeSpan.FromSeconds(phase.NextDouble() * PollSeconds));
            BinaryPrimitives.WriteInt64LittleEndian(data, i + 1);
            RandomAccess.Write(writer, data, 0);
            var clock = Stopwatch.StartNew();
            while (true)
            {
                RandomAccess.Read(reader, seen, 0);
                if (BinaryPrimitives.ReadInt64LittleEndian(seen) == i + 1)
                {
                    break;
                }

                if (clock.Elapsed > Patience)
                {
                    throw new InvalidOperationException($"write {i + 1} was not seen through the client's mount after {Patience.TotalSeconds} s");
                }

                // A page-cache hit costs a microsecond; sleeping a millisecond between them spares the other processes' CPUs.
                Thread.Sleep(1);
            }

            latencies[i] = clock.Elapsed.TotalMilliseconds;
        }

        Array.Sort(latencies);
        double At(double q) => latencies[Math.Min(_writes - 1, (int)(q * _writes))];
        output.WriteLine(Invariant($"{_writes:N0} writes through the master's mount, read through a client's mount, both --cache coherent -t {t}; ms"));
        output.WriteLine(Invariant($"p50 {At(0.5):0.0}  p99 {At(0.99):0.0}  max {latencies[^1]:0.0}  min {latencies[0]:0.0}"));
        output.WriteLine(Invariant($"ratio to the poll interval: p50 {At(0.5) / (PollSeconds * 1000):0.00}x, p99 {At(0.99) / (PollSeconds * 1000):0.00}x (writes at random points of the poll cycle: expect p50 near 0.5x, p99 near 1.0x)"));
    }
}
