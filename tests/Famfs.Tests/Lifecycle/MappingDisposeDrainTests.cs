using System.Diagnostics;
using Famfs.Lifecycle;

namespace Famfs.Tests.Lifecycle;

/// <summary>
/// Disposing a mapping while another thread is stuck inside a read section on it: the range
/// must never be unmapped under the reader (the kernel could reuse the addresses for another
/// mapping and the reader would silently read foreign data). It becomes PROT_NONE at once and
/// the unmap waits until the reader has left.
/// </summary>
public sealed class MappingDisposeDrainTests : IDisposable
{
    private const ulong Chunk = 2 * Units.MiB;
    private readonly TempDevice _shm = TempDevice.CreateSparse("lifecycle", 64 * Units.MiB);

    public void Dispose() => _shm.Dispose();

    [Fact]
    public void Dispose_that_times_out_on_a_reader_makes_the_range_fault_and_unmaps_only_after_it_left()
    {
        var mapping = RawDeviceView.Map(_shm.Device, new DeviceRange(0, Chunk), writable: false, "stuck-reader test");
        using (new StuckReader(mapping))
        {
            MappingHandle.DisposeAll([mapping], TimeSpan.FromMilliseconds(50));

            // Still reserved (never unmapped while the reader is inside), and inaccessible.
            Assert.False(mapping.Native.IsClosed);
            Assert.Equal(("---p", string.Empty), MemoryProbe.Describe(mapping.Address));
            Assert.Equal(MemoryProbe.EFAULT, MemoryProbe.TryKernelRead(mapping.Address));
        }

        // Once the reader has left, the deferred unmap runs.
        var clock = Stopwatch.StartNew();
        while (!mapping.Native.IsClosed && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            Thread.Sleep(10);
        }

        Assert.True(mapping.Native.IsClosed, "the deferred unmap did not run after the reader left");
    }

    [Fact]
    public void Dispose_without_readers_unmaps_at_once()
    {
        var mapping = RawDeviceView.Map(_shm.Device, new DeviceRange(0, Chunk), writable: false, "no-reader test");

        MappingHandle.DisposeAll([mapping], TimeSpan.FromSeconds(5));

        Assert.True(mapping.Native.IsClosed);
    }
}
