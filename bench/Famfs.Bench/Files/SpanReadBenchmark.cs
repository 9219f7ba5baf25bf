using System.Runtime.InteropServices;
using Famfs.Files;
using Famfs.Format;

namespace Famfs.Bench.Files;

/// <summary>
/// Sequential read (sum of 64-bit words) of a 1 GiB famfs file through GetReadOnlySpan&lt;ulong&gt;
/// vs the same device bytes through a raw mapping (MemoryDevice.Map → DeviceMapping.Read).
/// Both mappings stay open across rounds: this measures reading, not page faults.
/// </summary>
internal sealed class SpanReadBenchmark : IBenchmark
{
    private const int Size = 1 << 30;

    public string Name => "span-read";

    public string Description => "sum of a 1 GiB famfs file via GetReadOnlySpan<ulong> vs a raw mmap of the same device bytes";

    public void Run(TextWriter output)
    {
        using var scratch = new ShmScratch();
        var fsPath = scratch.NewFileSystem(4 * Units.GiB);
        using var fs = scratch.Open(fsPath);
        var node = fs.CreateFile("big", Size);
        using (var w = fs.OpenFile("big", writable: true))
        {
            SeededContent.Fill(2, 0, w.GetSpan(0, Size));
        }

        using var file = fs.OpenFile("big");
        var extent = node.Map.DeviceExtents[0];
        using var raw = fs.Device.Map(extent.Offset, Size, writable: false);

        ulong famfsSum = 0, rawSum = 0;
        void ReadFamfs()
        {
            ulong sum = 0;
            for (long offset = 0; offset < file.Length;)
            {
                var length = (int)Math.Min(file.ContiguousLength(offset), int.MaxValue & ~7);
                sum += Timing.Sum(file.GetReadOnlySpan<ulong>(offset, length / 8));
                offset += length;
            }

            famfsSum = sum;
        }

        void ReadRaw() => rawSum = Timing.Sum(MemoryMarshal.Cast<byte, ulong>(raw.Read(0, Size)));

        var baseline = Timing.Best(3, 7, ReadRaw);
        var famfs = Timing.Best(3, 7, ReadFamfs);
        if (famfsSum != rawSum)
        {
            throw new InvalidOperationException($"sums differ: famfs {famfsSum:x}, raw {rawSum:x}");
        }

        var ratio = baseline / famfs;
        output.WriteLine($"raw mmap read (baseline):        {baseline.TotalMilliseconds,8:F1} ms  {Timing.GiBps(Size, baseline)}");
        output.WriteLine($"famfs GetReadOnlySpan<ulong>:    {famfs.TotalMilliseconds,8:F1} ms  {Timing.GiBps(Size, famfs)}");
        output.WriteLine($"ratio (famfs throughput / raw throughput): {ratio:F2} (goal >= 0.95): {Timing.Verdict(ratio >= 0.95)}");
    }
}
