using System.Runtime.InteropServices;
using Famfs.Devices;
using Famfs.Files;
using Famfs.Format;
using Famfs.Log;

namespace Famfs.Bench.Files;

/// <summary>
/// 10,000 small files through FamfsFileSystem.CreateFile (lock, refresh, checks, first-fit
/// allocation, append, play), without and with cache flushes, against bare appends of the same
/// entries (LogEntryCodec.Encode into consecutive slots of the mapped log plus the header update).
/// Both write a freshly formatted log on /dev/shm, so both pay a first-touch page fault (or a
/// page-table fill) per 4 KiB of log, ~1,330 of them: a DAX device mapped with 2 MiB pages, where
/// the reference's 7 ms were measured, pays a handful. The bare appends are also timed into a log
/// mapped beforehand, with and without its page tables filled, to show that share.
/// </summary>
internal sealed class CreateFilesBenchmark : IBenchmark
{
    private const int Count = 10_000;
    private const double ReferenceNoFlushMs = 7;
    private const double ReferenceFlushMs = 27_000;

    public string Name => "create-files";

    public string Description => $"{Count:N0} files created (CreateFile per call, cache None and Flush; one CreateFiles batch) vs bare log-entry appends";

    public void Run(TextWriter output)
    {
        using var scratch = new ShmScratch();
        // 10,000 one-unit files need 20 GiB of sparse device beyond the metadata.
        const ulong deviceSize = 24 * Units.GiB;
        string? device = null;
        void FreshDevice()
        {
            if (device is not null)
            {
                scratch.Delete(device);
            }

            device = scratch.NewFileSystem(deviceSize);
        }

        void Creates(CacheMode cache)
        {
            using var fs = scratch.Open(device!, cache);
            for (var i = 0; i < Count; i++)
            {
                fs.CreateFile($"f{i}", 4096);
            }
        }

        void BatchCreates()
        {
            using var fs = scratch.Open(device!, CacheMode.None);
            fs.CreateFiles([.. Enumerable.Range(0, Count).Select(i => ($"f{i}", 4096L))]);
        }

        void AppendAll(FamfsMetadata metadata)
        {
            var map = new SimpleFileMap([new Extent(0, 10 * Units.MiB, 2 * Units.MiB)]);
            for (var i = 0UL; i < Count; i++)
            {
                var entry = new FileEntry { Seqnum = i, Path = $"f{i}", Size = 4096, Mode = 0x1A4, Map = map with { } };
                LogEntryCodec.Encode(entry, metadata.Mapping.Write(FamfsMetadata.EntryOffset(i), FormatConstants.LogEntrySize));
                var counters = metadata.Mapping.Write(FormatConstants.LogOffset + LogHeaderCodec.NextSeqnumOffset, 16);
                MemoryMarshal.Write(counters, i + 1);
                MemoryMarshal.Write(counters[8..], i + 1);
            }
        }

        void BareAppends()
        {
            using var dev = MemoryDevice.Open(device!, writable: true);
            using var metadata = FamfsMetadata.Open(dev, writable: true);
            AppendAll(metadata);
        }

        // The same appends into a log mapped before the clock starts, with and without its page
        // tables filled: the difference is what first-touch faults cost, which a DAX device would not.
        (MemoryDevice Device, FamfsMetadata Metadata)? opened = null;
        void FreshDeviceOpened(bool fill)
        {
            FreshDevice();
            var dev = MemoryDevice.Open(device!, writable: true);
            var metadata = FamfsMetadata.Open(dev, writable: true);
            if (fill)
            {
                metadata.Mapping.PopulateForWrite(FormatConstants.LogOffset, (int)metadata.LogLength);
            }

            opened = (dev, metadata);
        }

        void BareAppendsOpened()
        {
            var (dev, metadata) = opened!.Value;
            using (dev)
            using (metadata)
            {
                AppendAll(metadata);
            }
        }

        var baseline = Timing.Best(2, 5, BareAppends, FreshDevice);
        var baselineOpened = Timing.Best(2, 5, BareAppendsOpened, () => FreshDeviceOpened(fill: false));
        var baselineFilled = Timing.Best(2, 5, BareAppendsOpened, () => FreshDeviceOpened(fill: true));
        var none = Timing.Best(2, 5, () => Creates(CacheMode.None), FreshDevice);
        var flush = Timing.Best(1, 3, () => Creates(CacheMode.Flush), FreshDevice);
        var batch = Timing.Best(2, 5, BatchCreates, FreshDevice);

        double PerFile(TimeSpan t) => t.TotalMicroseconds / Count;
        output.WriteLine($"bare appends (baseline):     {baseline.TotalMilliseconds,9:F1} ms  {PerFile(baseline),7:F2} µs/file");
        output.WriteLine($"  log mapped before timing: {baselineOpened.TotalMilliseconds:F1} ms; also its page tables filled: {baselineFilled.TotalMilliseconds:F1} ms ({(baselineOpened - baselineFilled).TotalMilliseconds:F1} ms of first-touch faults on /dev/shm log pages, which every create run pays too and a DAX device would not)");
        output.WriteLine($"CreateFile, cache None:      {none.TotalMilliseconds,9:F1} ms  {PerFile(none),7:F2} µs/file  overhead {none / baseline:F1}x the bare appends");
        output.WriteLine($"CreateFile, cache Flush:     {flush.TotalMilliseconds,9:F1} ms  {PerFile(flush),7:F2} µs/file  overhead {flush / baseline:F1}x the bare appends, {flush / none:F2}x cache None");
        output.WriteLine($"CreateFiles, one batch, None:{batch.TotalMilliseconds,9:F1} ms  {PerFile(batch),7:F2} µs/file  overhead {batch / baseline:F1}x the bare appends; ours/reference = {batch.TotalMilliseconds / ReferenceNoFlushMs:F2}");
        output.WriteLine($"per-call cost beyond a batch (lock, flock and unlock, catch-up check): {PerFile(none - batch),5:F2} µs/call");
        output.WriteLine($"reference without flushes:   {ReferenceNoFlushMs,9:F1} ms; one CreateFiles batch / reference = {batch.TotalMilliseconds / ReferenceNoFlushMs:F2} (goal <= 2): {Timing.Verdict(batch.TotalMilliseconds <= 2 * ReferenceNoFlushMs)}");
        output.WriteLine($"                             per-call CreateFile (lock, flock and catch-up each time) / reference = {none.TotalMilliseconds / ReferenceNoFlushMs:F2}");
        output.WriteLine($"reference with whole-log flush per append: {ReferenceFlushMs / 1000:F0} s; ours is {ReferenceFlushMs / flush.TotalMilliseconds:F0}x faster (goal >= 100x): {Timing.Verdict(ReferenceFlushMs / flush.TotalMilliseconds >= 100)}");
        output.WriteLine($"ratio (CreateFile None / bare appends): {none / baseline:F2}");
    }
}
