using Famfs.Admin;
using Famfs.Devices;
using Famfs.Files;
using Famfs.Format;

namespace Famfs.Bench.Files;

/// <summary>
/// The memory device a benchmark formats and runs on: the one given with --device (any kind,
/// e.g. /dev/dax0.0 in a VM), which is scratch by contract, so it is formatted with force and
/// left in place; or else a sparse file in /dev/shm, deleted on dispose.
/// </summary>
internal sealed class BenchDevice : IDisposable
{
    private readonly bool _scratch;

    private BenchDevice(string path, bool scratch)
    {
        Path = path;
        _scratch = scratch;
        using var device = MemoryDevice.Open(path, writable: true);
        Kind = device.Kind;
        Size = device.Size;
    }

    public string Path { get; }

    public DeviceKind Kind { get; }

    public ulong Size { get; }

    /// <summary>The master of every file system formatted here (this process, whatever the host's own identity).</summary>
    public Guid Master { get; } = Guid.NewGuid();

    /// <summary><paramref name="given"/> if not null, else a new /dev/shm file of <paramref name="scratchSize"/> bytes named after <paramref name="what"/>.</summary>
    public static BenchDevice GivenOrScratch(string? given, string what, ulong scratchSize)
    {
        if (given is not null)
        {
            return new BenchDevice(given, scratch: false);
        }

        var path = $"/dev/shm/famfs-bench-{what}-{Guid.NewGuid():N}";
        MemoryDevice.CreateFile(path, scratchSize).Dispose();
        try
        {
            return new BenchDevice(path, scratch: true);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>Formats a fresh file system (empty log) with <see cref="Master"/> as master, whatever the device held.</summary>
    public void Format()
    {
        using var device = MemoryDevice.Open(Path, writable: true);
        Mkfs.Format(device, FormatConstants.DefaultLogLength, force: true, Master);
    }

    public FamfsFileSystem Open(CacheMode cache) =>
        FamfsFileSystem.Open(Path, new FileSystemOptions { SystemUuid = Master, Cache = cache });

    /// <summary>"/dev/dax0.0 (DaxCharDevice, 4.0 GiB)": for result lines.</summary>
    public override string ToString() => $"{Path} ({Kind}, {Units.Human(Size)})";

    public void Dispose()
    {
        if (_scratch)
        {
            File.Delete(Path);
        }
    }
}
