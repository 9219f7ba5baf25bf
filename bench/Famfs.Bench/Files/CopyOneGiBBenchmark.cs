using Famfs.Devices;
using Famfs.Errors;
using Famfs.Files;
using Famfs.Format;
using Famfs.Lifecycle;

namespace Famfs.Bench.Files;

/// <summary>
/// Copy of a 1 GiB /dev/shm file into famfs exactly as `famfs cp` copies data: OpenFile the
/// destination writable and FamfsFileBulk.CopyFrom (on this regular-file device: the kernel's
/// copy_file_range into the device, piece by piece). Baseline: a plain memcpy of 1 GiB between
/// two mappings of the same sizes, made for the copy as any copying program must make them;
/// also reported against a memcpy whose mappings were faulted beforehand, and against merely
/// reading the source once, which bounds what any copy out of a 4 KiB-page file can reach.
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

        // The same memcpy twice: between mappings made (and so faulted) for it, and between
        // mappings made once and faulted in the warm-up, which is the bare copy.
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

        var warm = Timing.Best(2, 5, Memcpy);
        var baseline = Timing.Best(1, 3, MemcpyFreshMappings);
        var readSource = Timing.Best(1, 3, () => ReadOnce(source));
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
        output.WriteLine($"memcpy between two mappings made for it (baseline): {baseline.TotalMilliseconds,8:F1} ms  {Timing.GiBps(Size, baseline)}");
        output.WriteLine($"memcpy between two mappings faulted beforehand:     {warm.TotalMilliseconds,8:F1} ms  {Timing.GiBps(Size, warm)}");
        output.WriteLine($"reading the source once (pread, 1 MiB buffer):      {readSource.TotalMilliseconds,8:F1} ms  {Timing.GiBps(Size, readSource)}");
        output.WriteLine($"famfs cp data path, OpenFile per copy (as cp):      {copy.TotalMilliseconds,8:F1} ms  {Timing.GiBps(Size, copy)}");
        output.WriteLine($"famfs cp data path into an already open file:       {copyOpen.TotalMilliseconds,8:F1} ms  {Timing.GiBps(Size, copyOpen)}");
        output.WriteLine($"vs the pre-faulted memcpy: {warm / copy:F2}; a copy cannot beat reading its source, which alone is {warm / readSource:F2} of it here");
        output.WriteLine($"ratio (cp as famfs cp does / memcpy between two mappings): {ratio:F2} (goal >= 0.8): {Timing.Verdict(ratio >= 0.8)}");
    }

    private static void ReadOnce(string path)
    {
        using var input = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        var buffer = new byte[1 << 20];
        for (long offset = 0, n; (n = RandomAccess.Read(input, buffer, offset)) > 0; offset += n)
        {
        }
    }
}
