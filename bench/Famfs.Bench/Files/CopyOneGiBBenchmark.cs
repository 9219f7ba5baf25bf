using Famfs.Devices;
using Famfs.Errors;
using Famfs.Files;
using Famfs.Format;

namespace Famfs.Bench.Files;

/// <summary>
/// Copy of a 1 GiB /dev/shm file into famfs exactly as `famfs cp` copies data: OpenFile the
/// destination writable and FamfsFileBulk.CopyFrom (prefault, then RandomAccess.Read straight
/// into device memory). Baseline: a plain memcpy of 1 GiB between two mappings.
/// </summary>
internal sealed class CopyOneGiBBenchmark : IBenchmark
{
    private const int Size = 1 << 30;

    public string Name => "cp-1g";

    public string Description => "1 GiB /dev/shm file copied into famfs as famfs cp does vs memcpy between two mappings";

    public void Run(TextWriter output)
    {
        using var scratch = new ShmScratch();
        var source = scratch.NewPath("src");
        using (var src = MemoryDevice.CreateFile(source, Size))
        using (var map = src.Map(0, Size, writable: true))
        {
            SeededContent.Fill(1, 0, map.Write(0, Size));
        }

        var fsPath = scratch.NewFileSystem(4 * Units.GiB);
        using var fs = scratch.Open(fsPath);
        fs.CreateFile("big", Size);

        void CopyLikeFamfsCp()
        {
            using var file = fs.OpenFile("big", writable: true);
            CopyInto(file);
        }

        using var opened = fs.OpenFile("big", writable: true);
        void CopyIntoOpenFile() => CopyInto(opened);

        void CopyInto(FamfsFile file)
        {
            using var input = File.OpenHandle(source, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
            file.CopyFrom(input, source); // the library routine famfs cp calls
        }

        // The baseline's mappings are made once: it is the bare memcpy.
        var other = scratch.NewPath("dst");
        using var srcDevice = MemoryDevice.Open(source, writable: false);
        using var dstDevice = MemoryDevice.CreateFile(other, Size);
        using var srcMap = srcDevice.Map(0, Size, writable: false);
        using var dstMap = dstDevice.Map(0, Size, writable: true);
        void Memcpy() => srcMap.Read(0, Size).CopyTo(dstMap.Write(0, Size));
        void MemcpyFreshMappings()
        {
            using var s = srcDevice.Map(0, Size, writable: false);
            using var d = dstDevice.Map(0, Size, writable: true);
            s.Read(0, Size).CopyTo(d.Write(0, Size));
        }

        var baseline = Timing.Best(2, 5, Memcpy);
        var baselineFresh = Timing.Best(1, 3, MemcpyFreshMappings);
        var copy = Timing.Best(2, 5, CopyLikeFamfsCp);
        var copyOpen = Timing.Best(2, 5, CopyIntoOpenFile);

        using (var check = fs.OpenFile("big"))
        {
            if (SeededContent.FindMismatch(1, 0, check.GetReadOnlySpan(0, Size)) >= 0)
            {
                throw new InvalidOperationException("the famfs copy differs from its source");
            }
        }

        var ratio = baseline / copy;
        output.WriteLine($"memcpy, mappings made once (baseline):         {baseline.TotalMilliseconds,8:F1} ms  {Timing.GiBps(Size, baseline)}");
        output.WriteLine($"memcpy, both mappings made (and faulted) each: {baselineFresh.TotalMilliseconds,8:F1} ms  {Timing.GiBps(Size, baselineFresh)}");
        output.WriteLine($"famfs cp data path, OpenFile per copy (as cp): {copy.TotalMilliseconds,8:F1} ms  {Timing.GiBps(Size, copy)}");
        output.WriteLine($"famfs cp data path into an already open file:  {copyOpen.TotalMilliseconds,8:F1} ms  {Timing.GiBps(Size, copyOpen)}");
        output.WriteLine($"ratio vs fresh-mapping memcpy (same page-fault work): {baselineFresh / copy:F2}; open file vs warm memcpy: {baseline / copyOpen:F2}");
        output.WriteLine($"ratio (cp as famfs cp does / warm memcpy): {ratio:F2} (goal >= 0.8): {Timing.Verdict(ratio >= 0.8)}");
    }
}
