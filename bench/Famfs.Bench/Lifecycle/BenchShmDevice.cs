using Famfs.Devices;

namespace Famfs.Bench.Lifecycle;

/// <summary>A scratch memory device in /dev/shm for one benchmark run, deleted on Dispose.</summary>
internal sealed class BenchShmDevice : IDisposable
{
    public BenchShmDevice(ulong size)
    {
        Path = $"/dev/shm/famfs-lifecycle-bench-{Guid.NewGuid():N}";
        Device = MemoryDevice.CreateFile(Path, size);
    }

    public string Path { get; }

    public MemoryDevice Device { get; }

    public void Dispose()
    {
        Device.Dispose();
        File.Delete(Path);
    }
}
