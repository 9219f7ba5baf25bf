using System.Diagnostics;
using Famfs.Bench.Files;
using Famfs.Files;
using Famfs.Format;
using Famfs.Shared;
using Famfs.TestSupport;
using static Famfs.Bench.Mount.MountTools;

namespace Famfs.Bench.Shared;

/// <summary>
/// The shared-state part of a coherent mount's poll (docs/SHARED-STATE.md, "Order") with 15,000
/// files tracked and 3 hosts registered: WriteSequencesMoved alone when nobody wrote, and, after
/// another host bumped one file, WriteSequencesMoved plus reading every tracked generation.
/// Measured on /dev/shm without and with cache-line maintenance (CacheMode.Flush, as on device-dax).
/// </summary>
internal sealed class PollCostBenchmark : IBenchmark
{
    private const int Tracked = 15_000;
    private const int IdlePolls = 20_000;
    private const int BusyPolls = 300;

    public string Name => "shared-poll";

    public string Description => "a coherent mount's poll with 15,000 files and 3 hosts: idle (write sequences only) and after a write (plus 15,000 generations) (goal < 1 ms)";

    public void Run(TextWriter output)
    {
        using var device = TestLog.CreateFormatted("bench-shared-poll", Entries(), LogReadBenchmark.FullLogDeviceSize);
        using (var creator = Open(device.Path, TestLog.MasterUuid, CacheMode.None))
        {
            creator.CreateSharedArea();
        }

        output.WriteLine(Invariant($"{Tracked:N0} tracked files, 3 hosts (master writes, two clients); µs per poll"));
        output.WriteLine(Invariant($"{"",-24} {"idle",8} {"busy p50",9} {"busy p99",9} {"busy max",9}"));
        var worst = 0.0;
        foreach (var cache in new[] { CacheMode.None, CacheMode.Flush })
        {
            using var writer = Open(device.Path, TestLog.MasterUuid, cache);
            using var reader = Open(device.Path, Guid.NewGuid(), cache);
            using var third = Open(device.Path, Guid.NewGuid(), cache);
            var (idle, busy) = Measure(writer, reader);
            worst = Math.Max(worst, busy[^1]);
            output.WriteLine(Invariant($"{$"CacheMode.{cache}",-24} {idle,8:0.00} {busy[busy.Length / 2],9:0.0} {busy[busy.Length * 99 / 100],9:0.0} {busy[^1],9:0.0}"));
        }

        output.WriteLine(Invariant($"worst busy poll {worst / 1000:0.000} ms (goal < 1 ms: {(worst < 1000 ? "met" : "NOT met")})"));
    }

    /// <summary>100 directories and the tracked files, each in its own allocation unit, leaving log room for the shared area's entries.</summary>
    private static IEnumerable<LogEntry> Entries()
    {
        const int directories = 100;
        for (var d = 0; d < directories; d++)
        {
            yield return TestLog.Mkdir(Invariant($"dir{d:D3}"));
        }

        for (var f = 0; f < Tracked; f++)
        {
            yield return TestLog.File(Invariant($"dir{f % directories:D3}/file{f:D5}"), (10UL << 20) + ((ulong)f * FormatConstants.AllocationUnit), 4096);
        }
    }

    private static FamfsFileSystem Open(string path, Guid host, CacheMode cache) =>
        FamfsFileSystem.Open(path, new FileSystemOptions { SystemUuid = host, Cache = cache });

    /// <summary>Idle poll µs (mean), and busy polls' µs sorted.</summary>
    private static (double Idle, double[] Busy) Measure(FamfsFileSystem writer, FamfsFileSystem reader)
    {
        var indexes = reader.Tree.Files().Take(Tracked).Select(f => f.LogIndex).ToArray();
        if (indexes.Length != Tracked || reader.Hosts.Count(h => h.State == HostState.Live) < 3)
        {
            throw new InvalidOperationException($"expected {Tracked} files and 3 live hosts, found {indexes.Length} and {reader.Hosts.Count}");
        }

        var generations = reader.Shared!.Generations;
        var seen = indexes.Select(generations.Read).ToArray();
        var state = default(WriteSequenceState);
        generations.WriteSequencesMoved(ref state);

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < IdlePolls; i++)
        {
            if (generations.WriteSequencesMoved(ref state))
            {
                throw new InvalidOperationException("the write sequences moved while nobody wrote");
            }
        }

        var idle = clock.Elapsed.TotalMicroseconds / IdlePolls;
        var busy = new double[BusyPolls];
        var bumper = writer.Shared!.Generations;
        for (var i = 0; i < BusyPolls; i++)
        {
            var written = indexes[i * 37 % indexes.Length];
            bumper.Bump(written);
            clock.Restart();
            var changed = Poll(generations, ref state, indexes, seen);
            busy[i] = clock.Elapsed.TotalMicroseconds;
            if (changed != 1)
            {
                throw new InvalidOperationException($"a poll after one write found {changed} changed files");
            }
        }

        Array.Sort(busy);
        return (idle, busy);
    }

    /// <summary>What the mount's poll does with shared state: sequences, then (moved) each tracked generation; returns how many changed.</summary>
    private static int Poll(WriteGenerations generations, ref WriteSequenceState state, ulong[] indexes, ulong[] seen)
    {
        if (!generations.WriteSequencesMoved(ref state))
        {
            return 0;
        }

        var changed = 0;
        for (var i = 0; i < indexes.Length; i++)
        {
            var now = generations.Read(indexes[i]);
            if (now != seen[i])
            {
                seen[i] = now;
                changed++;
            }
        }

        return changed;
    }
}
