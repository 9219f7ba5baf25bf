using Famfs.Allocation;
using System.Diagnostics;
using System.Globalization;
using Famfs.Format;
using Famfs.Log;
using Famfs.Namespace;
using Famfs.TestSupport;

namespace Famfs.Bench;

/// <summary>
/// Reading, validating and playing a full default log (15,420 entries) against the floor of
/// any reader: one pass over the same bytes computing only each entry's CRC.
/// </summary>
internal sealed class LogReadBenchmark : IBenchmark
{
    internal const int Directories = 120;

    /// <summary>A sparse device big enough for every file of <see cref="FullLog"/> in its own allocation unit.</summary>
    internal const ulong FullLogDeviceSize = 64UL << 30;
    private const int WarmupRuns = 3;
    private const int MeasuredRuns = 10;

    public string Name => "log-read";

    public string Description => "read+validate+play a full 8 MiB log (15,420 entries) vs CRC-only pass over the same bytes";

    public void Run(TextWriter output)
    {
        using var file = TestLog.CreateFormatted("bench-log-read", FullLog(), FullLogDeviceSize);
        using var device = file.Open();
        using var metadata = FamfsMetadata.Open(device, writable: false);
        var entries = metadata.ReadHeader().NextIndex;
        CheckPlay(metadata, entries);

        var play = Best(() => PlayAll(metadata));
        var crc = Best(() => CrcAll(metadata, entries));
        var playNs = play.TotalNanoseconds / entries;
        var crcNs = crc.TotalNanoseconds / entries;
        output.WriteLine(Invariant($"entries: {entries} ({Directories} mkdir, {entries - Directories} file), best of {MeasuredRuns} after {WarmupRuns} warm-up runs"));
        output.WriteLine(Invariant($"read+validate+play (ReadRecords + LogPlayer.Play): {play.TotalMilliseconds:0.000} ms, {playNs:0.0} ns/entry"));
        output.WriteLine(Invariant($"baseline CRC-only pass (LogEntryCodec.ComputeCrc, 536 bytes):{crc.TotalMilliseconds:0.000} ms, {crcNs:0.0} ns/entry"));
        output.WriteLine(Invariant($"ratio play / crc-only: {playNs / crcNs:0.00}x"));
    }

    /// <summary>
    /// 120 directories, then files spread over them until the 8 MiB log is full, each in its own
    /// allocation unit (a log that reuses space does not play: its later files are cross-links).
    /// </summary>
    internal static IEnumerable<LogEntry> FullLog()
    {
        var capacity = (int)LogHeader.Empty(FormatConstants.DefaultLogLength).Capacity;
        for (var d = 0; d < Directories; d++)
        {
            yield return TestLog.Mkdir(Invariant($"dir{d:D3}"));
        }

        for (var f = 0; f < capacity - Directories; f++)
        {
            var offset = (10UL << 20) + ((ulong)f * FormatConstants.AllocationUnit);
            yield return TestLog.File(Invariant($"dir{f % Directories:D3}/file{f:D5}"), offset, 4096);
        }
    }

    private static int PlayAll(FamfsMetadata metadata) => LogPlayer.Play(new FsTree(), metadata.ReadRecords(), SpaceAdmission.For(metadata.Superblock, metadata.Device.SizeBytes)).Count;

    private static ulong CrcAll(FamfsMetadata metadata, ulong entries)
    {
        ulong sum = 0;
        for (ulong i = 0; i < entries; i++)
        {
            sum += LogEntryCodec.ComputeCrc(metadata.EntryBytes(i));
        }

        return sum;
    }

    private static void CheckPlay(FamfsMetadata metadata, ulong entries)
    {
        var tree = new FsTree();
        var outcomes = LogPlayer.Play(tree, metadata.ReadRecords(), SpaceAdmission.For(metadata.Superblock, metadata.Device.SizeBytes));
        var bad = outcomes.FirstOrDefault(o => o.Problem is not null);
        if ((ulong)outcomes.Count != entries || bad is not null || tree.DirectoryCount != Directories)
        {
            throw new InvalidOperationException($"the benchmark log does not play cleanly: {outcomes.Count} outcomes, first problem: {bad?.Status}");
        }
    }

    private static TimeSpan Best<T>(Func<T> run)
    {
        for (var i = 0; i < WarmupRuns; i++)
        {
            GC.KeepAlive(run());
        }

        var best = TimeSpan.MaxValue;
        for (var i = 0; i < MeasuredRuns; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var watch = Stopwatch.StartNew();
            GC.KeepAlive(run());
            watch.Stop();
            best = watch.Elapsed < best ? watch.Elapsed : best;
        }

        return best;
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
