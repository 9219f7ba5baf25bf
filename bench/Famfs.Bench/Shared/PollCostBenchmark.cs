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
/// files tracked and 3 hosts registered, as CoherenceTracker does it: the write sequences alone
/// when nobody wrote; after another host bumped one file, the sequences, its change-ring entry and
/// that file's generation; after more bumps than a ring holds, every tracked generation.
/// Measured on /dev/shm without and with cache-line maintenance (CacheMode.Flush, as on device-dax).
/// </summary>
internal sealed class PollCostBenchmark : IBenchmark
{
    private const int Tracked = 15_000;
    private const int IdlePolls = 20_000;
    private const int BusyPolls = 300;
    private const int OverflowPolls = 20;

    public string Name => "shared-poll";

    public string Description => "a coherent mount's poll with 15,000 files and 3 hosts: idle (write sequences only), after a write (its ring entry and generation) and after a ring overflowed (15,000 generations) (goal < 1 ms)";

    public void Run(TextWriter output)
    {
        using var device = TestLog.CreateFormatted("bench-shared-poll", Entries(), LogReadBenchmark.FullLogDeviceSize);
        using (var creator = Open(device.Path, TestLog.MasterUuid, CacheMode.None))
        {
            creator.CreateSharedArea();
        }

        output.WriteLine(Invariant($"{Tracked:N0} tracked files, 3 hosts (master writes, two clients); µs per poll"));
        output.WriteLine(Invariant($"{"",-24} {"idle",8} {"busy p50",9} {"busy p99",9} {"busy max",9} {"overflow p50",13}"));
        var (worstP99, worstMax) = (0.0, 0.0);
        var (readerHost, thirdHost) = (Guid.NewGuid(), Guid.NewGuid()); // the same 3 slots in every pass

        // The first pass only warms the JIT: the overflow poll runs 20 times, too few to be compiled optimised before it is timed.
        foreach (var (cache, timed) in new[] { (CacheMode.None, false), (CacheMode.None, true), (CacheMode.Flush, true) })
        {
            using var writer = Open(device.Path, TestLog.MasterUuid, cache);
            using var reader = Open(device.Path, readerHost, cache);
            using var third = Open(device.Path, thirdHost, cache);
            var (idle, busy, overflow) = Measure(writer, reader);
            if (!timed)
            {
                continue;
            }

            (worstP99, worstMax) = (Math.Max(worstP99, busy[busy.Length * 99 / 100]), Math.Max(worstMax, busy[^1]));
            output.WriteLine(Invariant($"{$"CacheMode.{cache}",-24} {idle,8:0.00} {busy[busy.Length / 2],9:0.0} {busy[busy.Length * 99 / 100],9:0.0} {busy[^1],9:0.0} {overflow,13:0.0}"));
        }

        // The maximum is the poll the scheduler preempted on a loaded machine; p99 is the design's cost.
        output.WriteLine(Invariant($"worst busy p99 {worstP99 / 1000:0.000} ms (goal < 1 ms: {(worstP99 < 1000 ? "met" : "NOT met")}); worst max {worstMax / 1000:0.000} ms"));
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

    /// <summary>Idle poll µs (mean), busy polls' µs sorted, and the median µs of a poll after the writer's ring overflowed.</summary>
    private static (double Idle, double[] Busy, double Overflow) Measure(FamfsFileSystem writer, FamfsFileSystem reader)
    {
        var indexes = reader.Tree.Files().Take(Tracked).Select(f => f.LogIndex).ToArray();
        if (indexes.Length != Tracked || reader.Hosts.Count(h => h.State == HostState.Live) < 3)
        {
            throw new InvalidOperationException($"expected {Tracked} files and 3 live hosts, found {indexes.Length} and {reader.Hosts.Count}");
        }

        var generations = reader.Shared!.Generations;
        var seen = indexes.ToDictionary(index => index, generations.Read);
        var state = default(WriteSequenceState);
        Poll(generations, ref state, seen);

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < IdlePolls; i++)
        {
            if (Poll(generations, ref state, seen) != 0)
            {
                throw new InvalidOperationException("a poll found changes while nobody wrote");
            }
        }

        var idle = clock.Elapsed.TotalMicroseconds / IdlePolls;
        var bumper = writer.Shared!.Generations;
        var busy = Polls(BusyPolls, i => bumper.Bump(indexes[i * 37 % indexes.Length]), generations, ref state, seen, expected: 1);
        var overflow = Polls(OverflowPolls, i =>
        {
            for (var b = 0; b <= SharedAreaLayout.ChangeRingEntries; b++)
            {
                bumper.Bump(indexes[((i * 997) + b) % indexes.Length]);
            }
        }, generations, ref state, seen, expected: SharedAreaLayout.ChangeRingEntries + 1);
        return (idle, busy, overflow[overflow.Length / 2]);
    }

    /// <summary>µs of each of <paramref name="count"/> polls (sorted), each after <paramref name="write"/>; each must find <paramref name="expected"/> changed files.</summary>
    private static double[] Polls(int count, Action<int> write, WriteGenerations generations, ref WriteSequenceState state, Dictionary<ulong, ulong> seen, int expected)
    {
        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            write(i);
            var clock = Stopwatch.StartNew();
            var changed = Poll(generations, ref state, seen);
            times[i] = clock.Elapsed.TotalMicroseconds;
            if (changed != expected)
            {
                throw new InvalidOperationException($"a poll after {expected} writes found {changed} changed files");
            }
        }

        Array.Sort(times);
        return times;
    }

    /// <summary>What CoherenceTracker's poll does with shared state: the changes, then the generations of the tracked files they name (all when unknown); returns how many changed.</summary>
    private static int Poll(WriteGenerations generations, ref WriteSequenceState state, Dictionary<ulong, ulong> seen)
    {
        var changes = generations.Changes(ref state);
        var watched = changes.Unknown ? [.. seen.Keys] : changes.Files.Where(seen.ContainsKey).ToArray();
        var now = new ulong[watched.Length];
        generations.ReadMany(watched, now);
        var changed = 0;
        for (var i = 0; i < watched.Length; i++)
        {
            if (now[i] != seen[watched[i]])
            {
                seen[watched[i]] = now[i];
                changed++;
            }
        }

        return changed;
    }
}
