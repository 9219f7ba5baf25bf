using System.Runtime.InteropServices;
using Famfs.Errors;
using Famfs.Files;
using Famfs.Format;
using Famfs.Lifecycle;

namespace Famfs.Bench.Files;

/// <summary>
/// Sequential read (sum of 64-bit words) of a famfs file (1 GiB, or --size) through
/// GetReadOnlySpan&lt;ulong&gt; vs the same device bytes through a raw mapping (MemoryDevice.Map →
/// DeviceMapping.Read), on the --device device (e.g. /dev/dax0.0) or a /dev/shm scratch file.
/// Both mappings stay open across rounds: this measures reading, not page faults.
/// </summary>
internal sealed class SpanReadBenchmark(BenchOptions options) : IBenchmark
{
    // A span covers less than 2 GiB, so the file is filled and read raw in slices of this.
    private const int Slice = 1 << 30;

    private readonly ulong _size = options.Size ?? Units.GiB;

    public string Name => "span-read";

    public string Description => $"sum of a {Units.Human(_size)} famfs file via GetReadOnlySpan<ulong> vs a raw mmap of the same device bytes";

    public IReadOnlyList<string> Options => [BenchOptions.DeviceOption, BenchOptions.SizeOption];

    public void Run(TextWriter output)
    {
        if (_size == 0 || _size % sizeof(ulong) != 0)
        {
            throw new FamfsException(Errno.EINVAL, $"--size {_size} is not a positive multiple of 8 bytes", "the benchmark sums 64-bit words");
        }

        // The file's allocation is whole units; the raw view covers all of it, because device-dax
        // maps only whole units of its alignment.
        var allocated = (_size + FormatConstants.AllocationUnit - 1) / FormatConstants.AllocationUnit * FormatConstants.AllocationUnit;
        using var device = BenchDevice.GivenOrScratch(options.Device, "span-read", Math.Max(FormatConstants.MinDeviceSize, allocated + Units.GiB));
        device.Format();
        using var fs = device.Open(CacheMode.Auto);
        var node = fs.CreateFile("big", (long)_size);
        var length = (long)_size;
        using (var w = fs.OpenFile("big", writable: true))
        {
            for (long offset = 0; offset < length; offset += Slice)
            {
                SeededContent.Fill(2, offset, w.GetSpan(offset, (int)Math.Min(Slice, length - offset)));
            }
        }

        using var file = fs.OpenFile("big");
        using var raw = fs.Device.Map(node.Map.DeviceExtents[0].Offset, allocated, writable: false);

        ulong famfsSum = 0, rawSum = 0;
        void ReadFamfs()
        {
            ulong sum = 0;
            for (long offset = 0; offset < file.Length;)
            {
                var piece = (int)Math.Min(file.ContiguousLength(offset), int.MaxValue & ~7);
                sum += Timing.Sum(file.GetReadOnlySpan<ulong>(offset, piece / 8));
                offset += piece;
            }

            famfsSum = sum;
        }

        void ReadRaw()
        {
            ulong sum = 0;
            for (long offset = 0; offset < length; offset += Slice)
            {
                sum += Timing.Sum(MemoryMarshal.Cast<byte, ulong>(raw.Read((ulong)offset, (int)Math.Min(Slice, length - offset))));
            }

            rawSum = sum;
        }

        var times = Timing.BestInterleaved(3, 7, (ReadRaw, null), (ReadFamfs, null));
        var (baseline, famfs) = (times[0], times[1]);
        if (famfsSum != rawSum)
        {
            throw new InvalidOperationException($"sums differ: famfs {famfsSum:x}, raw {rawSum:x}");
        }

        var ratio = baseline / famfs;
        output.WriteLine($"device: {device}; file: {Units.Human(_size)}; best of 7 rounds after 3 warm-ups, the two readers' rounds interleaved");
        output.WriteLine($"raw mmap read (baseline):        {baseline.TotalMilliseconds,8:F1} ms  {Timing.GiBps(_size, baseline)}");
        output.WriteLine($"famfs GetReadOnlySpan<ulong>:    {famfs.TotalMilliseconds,8:F1} ms  {Timing.GiBps(_size, famfs)}");
        output.WriteLine($"ratio (famfs throughput / raw throughput): {ratio:F2} (goal >= 0.95): {Timing.Verdict(ratio >= 0.95)}");
    }
}
