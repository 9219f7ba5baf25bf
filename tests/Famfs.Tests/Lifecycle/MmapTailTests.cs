using Famfs.Devices;
using Famfs.Interop;

namespace Famfs.Tests.Lifecycle;

/// <summary>
/// An aligned mapping whose length is not a page multiple must give back the whole slack after
/// it: the tail starts at the page boundary after the mapped bytes, not at address + length.
/// (Mappings up to MappingWindows.MaxLength go into windows instead; these are the longer ones.)
/// </summary>
public sealed class MmapTailTests : IDisposable
{
    private readonly TempDevice _shm = TempDevice.CreateSparse("lifecycle", 4 * MappingWindows.MaxLength);

    public void Dispose() => _shm.Dispose();

    [Theory]
    [InlineData(MappingWindows.MaxLength + (2 * Units.MiB) + 100)]
    [InlineData((2 * MappingWindows.MaxLength) - 1)]
    [InlineData(MappingWindows.MaxLength + (2 * Units.MiB))]
    public void Aligned_mapping_leaves_no_reservation_after_its_last_page(ulong length)
    {
        var page = (ulong)Environment.SystemPageSize;
        using var native = Mmap.MapShared(_shm.Device.Descriptor, 0, length, writable: false, MemoryDevice.MappingAlignment, "tail test");
        Assert.Equal(0UL, (ulong)native.Address % MemoryDevice.MappingAlignment);
        var end = native.Address + (nint)((length + page - 1) & ~(page - 1));

        var (start, _, permissions, path) = MemoryProbe.Region(end);
        Assert.False(start == (ulong)end && permissions == "---p" && path.Length == 0,
            $"a PROT_NONE reservation is left right after the mapping at 0x{(ulong)end:x}");
        Assert.Equal(_shm.Path, MemoryProbe.Region(end - 1).Path);
    }
}
