using Famfs.Devices;
using Famfs.Errors;
using Famfs.Files;
using Famfs.Format;
using Famfs.Log;

namespace Famfs.Bench.Files;

/// <summary>
/// What writing log appends back from the processor caches costs: N files (2,000, or --count)
/// created one FamfsFileSystem.CreateFile call each on a freshly formatted, empty log with
/// CacheMode.Flush (the cache lines of every entry and header update written back) vs
/// CacheMode.None, on the --device device (e.g. /dev/dax0.0) or a /dev/shm scratch file.
/// A regular file's memory is kept coherent by the kernel, so there the figure is only
/// informative: the one that matters is measured on device-dax.
/// </summary>
internal sealed class AppendFlushBenchmark(BenchOptions options) : IBenchmark
{
    private const ulong FileSize = 4096;

    private readonly int _count = options.Count ?? 2_000;

    public string Name => "append-flush";

    public string Description => $"{_count:N0} files created by CreateFile on an empty log, CacheMode.Flush vs None (entries/s)";

    public IReadOnlyList<string> Options => [BenchOptions.DeviceOption, BenchOptions.CountOption];

    public void Run(TextWriter output)
    {
        var capacity = LogHeader.Empty(FormatConstants.DefaultLogLength).Capacity;
        if ((ulong)_count > capacity)
        {
            throw new FamfsException(Errno.EINVAL, $"--count {_count} is more than the {capacity} entries a default log holds", "give a smaller --count");
        }

        // Every file takes one allocation unit after the metadata.
        const ulong unit = FormatConstants.AllocationUnit;
        var needed = ((FormatConstants.MetadataLength(FormatConstants.DefaultLogLength) + unit - 1) / unit * unit) + ((ulong)_count * unit);
        using var device = BenchDevice.GivenOrScratch(options.Device, "append-flush", Math.Max(FormatConstants.MinDeviceSize, needed));
        if (device.Size < needed)
        {
            throw new FamfsException(Errno.ENOSPC, $"{_count} files need a device of {Units.Human(needed)}; {device} is smaller", "give a smaller --count");
        }

        var names = Enumerable.Range(0, _count).Select(i => $"f{i}").ToArray();
        FamfsFileSystem? fs = null;
        void Fresh(CacheMode cache)
        {
            fs?.Dispose();
            device.Format();
            fs = device.Open(cache);
        }

        void Creates()
        {
            foreach (var name in names)
            {
                fs!.CreateFile(name, (long)FileSize);
            }
        }

        TimeSpan[] times;
        try
        {
            times = Timing.BestInterleaved(1, 5, (Creates, () => Fresh(CacheMode.None)), (Creates, () => Fresh(CacheMode.Flush)));
        }
        finally
        {
            fs?.Dispose();
        }

        var (none, flush) = (times[0], times[1]);

        double PerSecond(TimeSpan t) => _count / t.TotalSeconds;
        double PerEntry(TimeSpan t) => t.TotalMicroseconds / _count;
        var ratio = none / flush;
        output.WriteLine($"device: {device}; {_count:N0} creates per run on a freshly formatted log, best of 5 after 1 warm-up, the two modes' rounds interleaved");
        output.WriteLine($"CacheMode.None  (baseline): {none.TotalMilliseconds,9:F1} ms  {PerSecond(none),12:N0} entries/s  {PerEntry(none),7:F2} µs/entry");
        output.WriteLine($"CacheMode.Flush:            {flush.TotalMilliseconds,9:F1} ms  {PerSecond(flush),12:N0} entries/s  {PerEntry(flush),7:F2} µs/entry");
        output.WriteLine($"cache write-back per entry: {PerEntry(flush) - PerEntry(none):F2} µs");
        var meaning = device.Kind == DeviceKind.DaxCharDevice
            ? "device-dax: the figure that matters"
            : "not device-dax: informative only";
        output.WriteLine($"ratio (flush throughput / no-flush throughput): {ratio:F2} ({meaning})");
    }
}
