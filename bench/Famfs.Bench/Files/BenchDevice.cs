using Famfs.Admin;
using Famfs.Devices;
using Famfs.Files;
using Famfs.Format;
using Famfs.TestSupport;

namespace Famfs.Bench.Files;

/// <summary>
/// The memory device a benchmark formats and runs on: the one given with --device (any kind,
/// e.g. /dev/dax0.0 in a VM), which is scratch by contract, so it is formatted with force and
/// left in place; or else a sparse <see cref="TempDevice"/>, deleted on dispose.
/// </summary>
internal sealed class BenchDevice : IDisposable
{
    private readonly TempDevice? _scratch;

    private BenchDevice(string path, TempDevice? scratch)
    {
        Path = path;
        _scratch = scratch;
        using var device = MemoryDevice.Open(path, writable: true);
        Kind = device.Kind;
        Size = device.SizeBytes;
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
            return new BenchDevice(given, scratch: null);
        }

        var scratch = TempDevice.CreateSparse($"bench-{what}", scratchSize);
        try
        {
            return new BenchDevice(scratch.Path, scratch);
        }
        catch
        {
            scratch.Dispose();
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

    public void Dispose() => _scratch?.Dispose();
}
