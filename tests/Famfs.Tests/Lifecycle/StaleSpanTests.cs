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
/// other bytes of its own device: its window never maps those pages again, and a retired window
/// waits for <see cref="AddressQuarantine.MaxRanges"/> later retirements before it is unmapped.
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
            fs.CreateFile("f", (long)(2 * Units.MiB));
            using var file = fs.OpenFile("f", writable: true);
            file.Write(0, "A"u8);
            stale = AddressOf(file.GetReadOnlySpan(0, 1));
        }

        using var second = new ShmFileSystem();
        using var other = second.Open();
        var files = Enumerable.Range(0, 16).Select(i =>
        {
            other.CreateFile($"g{i}", (long)(2 * Units.MiB));
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
        fs.CreateFile("f", (long)(2 * Units.MiB));
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
    public void A_released_page_is_never_mapped_again_while_its_window_lives()
    {
        using var shm = TempDevice.CreateSparse("lifecycle", 2 * MappingWindows.ChunkSpan);
        using var holder = View(shm, 64 * Units.MiB); // keeps the first window alive
        var first = View(shm, 0);
        var address = first.Address;
        first.Dispose();

        for (var round = 0; round < 3; round++)
        {
            using var again = View(shm, 0);
            Assert.NotEqual(address, again.Address);
            Assert.Equal(("---p", string.Empty), MemoryProbe.Describe(address));
        }
    }

    [Fact]
    public void A_retired_window_stays_reserved_until_the_quarantine_bound_of_later_retirements()
    {
        using var shm = TempDevice.CreateSparse("lifecycle", 2 * MappingWindows.ChunkSpan);
        var only = View(shm, 0);
        var address = only.Address;
        only.Dispose(); // its window's last mapping: the window retires

        Assert.True(AddressQuarantine.Holds(address));
        Assert.Equal(("---p", string.Empty), MemoryProbe.Describe(address));
        for (var i = 1; i < AddressQuarantine.MaxRanges; i++)
        {
            View(shm, MappingWindows.ChunkSpan).Dispose(); // a window of the second chunk, retired at once
        }

        Assert.True(AddressQuarantine.Holds(address));
        View(shm, MappingWindows.ChunkSpan).Dispose();
        Assert.False(AddressQuarantine.Holds(address));
    }

    private static MappingHandle View(TempDevice shm, ulong offset) =>
        RawDeviceView.Map(shm.Device, new DeviceRange(offset, Page), writable: false, $"quarantine test view at {offset}");

    private static nint AddressOf(ReadOnlySpan<byte> span)
    {
        fixed (byte* pointer = span)
        {
            return (nint)pointer;
        }
    }
}
