using Famfs.Bench.Files;
using Famfs.Bench.Mount;
using Famfs.Files;
using Famfs.TestSupport;
using static Famfs.Bench.Mount.MountTools;

namespace Famfs.Bench.Shared;

/// <summary>
/// What a write pays for its write-generation bump (docs/SHARED-STATE.md): Bump alone, a 4 KiB
/// library write with it (FamfsFile.Write) and without it (the same write unpublished), and a
/// 4 KiB pwrite through the master's mount, whose daemon bumps after every write it serves.
/// </summary>
internal sealed class GenerationBumpBenchmark : IBenchmark
{
    private const int WriteSize = 4096;
    private const int Writes = 20_000;
    private const int Rounds = 5;

    public string Name => "generation-bump";

    public string Description => "a write's generation bump: Bump alone (ns), 4 KiB library writes with vs without it, 4 KiB writes through the mount (goal: bump < 1 % of a mount write)";

    public void Run(TextWriter output)
    {
        using var tools = new MountTools();
        using var device = TestLog.CreateFormatted("bench-generation-bump", size: 4UL << 30);
        var mount = tools.MountPoint("famfs");
        tools.Mount(device.Path, mount); // the master's mount makes the shared host area
        var path = Path.Combine(mount, "f");
        RunFamfs("creat", "-s", "4k", path);
        var data = new byte[WriteSize];
        double mountWrite;
        using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Write))
        {
            mountWrite = PerWrite(() => RandomAccess.Write(handle, data, 0));
        }

        Umount(mount);

        using var fs = FamfsFileSystem.Open(device.Path, new FileSystemOptions { SystemUuid = TestLog.MasterUuid });
        var generations = fs.Shared?.Generations ?? throw new InvalidOperationException("the master's mount did not make the shared host area");
        using var file = fs.OpenFile("f", FileAccess.ReadWrite);
        var index = file.Node.LogIndex;
        var bump = PerWrite(() => generations.Bump(index));
        var published = PerWrite(() => file.Write(0, data));
        var unpublished = PerWrite(() => file.WriteUnpublished(0, data));

        output.WriteLine(Invariant($"best of {Rounds} rounds of {Writes:N0}; ns per call (/dev/shm: no cache-line write-back)"));
        output.WriteLine(Invariant($"{"Generations.Bump",-36} {bump,10:0}"));
        output.WriteLine(Invariant($"{"4 KiB FamfsFile.Write (bumps)",-36} {published,10:0}"));
        output.WriteLine(Invariant($"{"4 KiB write without the bump",-36} {unpublished,10:0}"));
        output.WriteLine(Invariant($"{"4 KiB pwrite through the mount",-36} {mountWrite,10:0}"));
        var share = bump / mountWrite;
        output.WriteLine(Invariant($"library: with / without the bump {published / unpublished:0.00}x; bump / mount write {share * 100:0.00} % (goal < 1 %: {(share < 0.01 ? "met" : "NOT met")})"));
    }

    private static double PerWrite(Action write) =>
        Timing.Best(1, Rounds, () =>
        {
            for (var i = 0; i < Writes; i++)
            {
                write();
            }
        }).TotalNanoseconds / Writes;
}
