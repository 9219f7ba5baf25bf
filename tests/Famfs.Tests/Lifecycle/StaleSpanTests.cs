using Famfs.Devices;
using Famfs.Interop;
using Famfs.Lifecycle;
using Famfs.Tests.Files.Support;

namespace Famfs.Tests.Lifecycle;

/// <summary>Tests that count on the address quarantine's FIFO: nothing else may release mappings meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class QuarantineCollection
{
    public const string Name = "address quarantine";
}

/// <summary>
/// A raw span kept past its mapping's end faults; it never reads another device's bytes, nor
/// other bytes of its own device, until <see cref="AddressQuarantine.MaxRanges"/> later releases.
/// </summary>
[Collection(QuarantineCollection.Name)]
public sealed unsafe class StaleSpanTests
{
    private const int Page = 4096;

    [Fact]
    public void A_span_kept_past_file_and_file_system_dispose_never_reads_another_devices_bytes()
    {
        nint stale;
        using (var first = new ShmFileSystem())
        {
            using var fs = first.Open();
            fs.CreateFile("f", 2 * Units.MiB);
            using var file = fs.OpenFile("f", writable: true);
            file.Write(0, "A"u8);
            stale = AddressOf(file.GetReadOnlySpan(0, 1));
        }

        using var second = new ShmFileSystem();
        using var other = second.Open();
        var files = Enumerable.Range(0, 16).Select(i =>
        {
            other.CreateFile($"g{i}", 2 * Units.MiB);
            var file = other.OpenFile($"g{i}", writable: true);
            file.Write(0, "B"u8);
            return file;
        }).ToList();
        try
        {
            Assert.Equal(("---p", string.Empty), MemoryProbe.Describe(stale));
            Assert.Equal(MemoryProbe.EFAULT, MemoryProbe.TryKernelRead(stale));
        }
        finally
        {
            files.ForEach(file => file.Dispose());
        }
    }

    [Fact]
    public void A_span_kept_past_its_files_dispose_stays_inaccessible_when_the_file_is_opened_again()
    {
        using var shm = new ShmFileSystem();
        using var fs = shm.Open();
        fs.CreateFile("f", 2 * Units.MiB);
        nint stale;
        using (var file = fs.OpenFile("f", writable: true))
        {
            file.Write(0, "A"u8);
            stale = AddressOf(file.GetReadOnlySpan(0, 1));
        }

        using var again = fs.OpenFile("f");
        Assert.Equal((byte)'A', again.GetReadOnlySpan(0, 1)[0]);
        Assert.NotEqual(stale, AddressOf(again.GetReadOnlySpan(0, 1)));
        Assert.Equal(("---p", string.Empty), MemoryProbe.Describe(stale));
    }

    [Fact]
    public void Released_addresses_are_reused_only_after_the_quarantine_bound_of_later_releases()
    {
        // Two window chunks: the views that push the first one out live in the second.
        using var shm = new ShmDevice(2 * MappingWindows.ChunkSpan);
        // Keeps the first window alive, so the first view's page can only come back from the quarantine.
        using var holder = View(shm, ShmDevice.Size);
        var first = View(shm, 0);
        var address = first.Address;
        first.Dispose();

        var whileHeld = View(shm, 0);
        Assert.NotEqual(address, whileHeld.Address);
        whileHeld.Dispose();

        for (var i = 1; i <= AddressQuarantine.MaxRanges; i++)
        {
            View(shm, MappingWindows.ChunkSpan + ((ulong)i * Page)).Dispose();
        }

        using var afterwards = View(shm, 0);
        Assert.Equal(address, afterwards.Address);
    }

    private static MappingHandle View(ShmDevice shm, ulong offset) =>
        RawDeviceView.Map(shm.Device, new DeviceRange(offset, Page), writable: false, $"quarantine test view at {offset}");

    private static nint AddressOf(ReadOnlySpan<byte> span)
    {
        fixed (byte* pointer = span)
        {
            return (nint)pointer;
        }
    }
}
