using Famfs.Devices;

namespace Famfs.Tests.Lifecycle;

/// <summary>A sparse memory device file in /dev/shm, deleted on Dispose.</summary>
internal sealed class ShmDevice : IDisposable
{
    public const ulong Size = 64 * Units.MiB;

    /// <param name="size">Bytes; sparse, so a large device costs nothing until written.</param>
    public ShmDevice(ulong size = Size)
    {
        Path = $"/dev/shm/famfs-lifecycle-test-{Guid.NewGuid():N}";
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
