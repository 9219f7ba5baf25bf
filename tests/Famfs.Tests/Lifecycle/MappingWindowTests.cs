using Famfs.Devices;
using Famfs.Interop;
using Famfs.Lifecycle;

namespace Famfs.Tests.Lifecycle;

/// <summary>
/// Mappings up to MappingWindows.MaxLength are placed file-linearly in reserved windows so the
/// kernel merges neighbours into one VMA; each handle must still behave as an independent mapping.
/// </summary>
[Collection(QuarantineCollection.Name)]
public sealed class MappingWindowTests : IDisposable
{
    private const ulong Page = 4096;
    private readonly TempDevice _shm = TempDevice.CreateSparse("lifecycle", MappingWindows.ChunkSpan + (64 * Units.MiB)); // two chunks

    public void Dispose() => _shm.Dispose();

    [Fact]
    public void Neighbouring_mappings_share_one_VMA_yet_are_revoked_one_at_a_time()
    {
        using var first = View(0, writable: true);
        using var second = View(Page, writable: true);
        using (var access = second.Access())
        {
            access.Write(0, 1)[0] = 7;
        }

        Assert.Equal(first.Address + (nint)Page, second.Address);
        var region = MemoryProbe.Region(first.Address);
        Assert.True(region.End >= (ulong)second.Address + Page, "the two mappings were not merged into one VMA");
        Assert.Equal(_shm.Path, region.Path);

        using (DeviceRangeIndex.For(_shm.Device).Claim(new DeviceRange(0, Page), exclusive: true, "window test"))
        {
            Assert.Throws<MappingRevokedException>(() => first.Access().Dispose());
            Assert.Equal(("---p", string.Empty), MemoryProbe.Describe(first.Address));
            using var access = second.Access();
            Assert.Equal(7, access.Read(0, 1)[0]);
            Assert.Equal(_shm.Path, MemoryProbe.Describe(second.Address).Path);
        }
    }

    [Fact]
    public void The_same_bytes_mapped_twice_are_two_independent_mappings()
    {
        using var writer = View(Page, writable: true);
        var reader = View(Page, writable: false);
        Assert.NotEqual(writer.Address, reader.Address);
        using (var access = writer.Access())
        {
            access.Write(0, 1)[0] = 9;
        }

        using (var access = reader.Access())
        {
            Assert.Equal(9, access.Read(0, 1)[0]);
        }

        reader.Dispose();
        Assert.NotEqual(_shm.Path, MemoryProbe.Describe(reader.Address).Path);
        using (var access = writer.Access())
        {
            Assert.Equal(9, access.Read(0, 1)[0]);
        }
    }

    [Fact]
    public void A_window_retires_into_the_quarantine_with_its_last_mapping_revoked_or_not()
    {
        var views = Enumerable.Range(0, 3).Select(i => View((ulong)i * MappingWindows.ChunkSpan / 2, writable: false)).ToList();
        views.Add(View(0, writable: false));
        Assert.Equal(3, MappingWindows.CountOf(_shm.Device.Descriptor));
        using (DeviceRangeIndex.For(_shm.Device).Claim(new DeviceRange(0, Page), exclusive: true, "window test"))
        {
            Assert.All(views.Where(view => view.Range.Offset == 0), view => Assert.True(view.IsRevoked));
        }

        views.ForEach(view => view.Dispose());
        Assert.Equal(0, MappingWindows.CountOf(_shm.Device.Descriptor));
        Assert.All(views, view => Assert.True(AddressQuarantine.Holds(view.Address), "a retired window left the quarantine at once"));
        Assert.All(views, view => Assert.NotEqual(_shm.Path, MemoryProbe.Describe(view.Address).Path));
    }

    [Fact]
    public void Extent_sized_neighbours_merge_and_stay_2_MiB_aligned_for_huge_pages()
    {
        const ulong extent = 2 * Units.MiB;
        using var a = RawDeviceView.Map(_shm.Device, new DeviceRange(4 * extent, extent), false, "extent a");
        using var b = RawDeviceView.Map(_shm.Device, new DeviceRange(5 * extent, 3 * extent), false, "extent b");

        Assert.Equal(0, a.Address % (nint)extent);
        Assert.Equal(a.Address + (nint)extent, b.Address);
        Assert.True(MemoryProbe.Region(a.Address).End >= (ulong)b.Address + (3 * extent), "neighbouring extents were not merged into one VMA");
    }

    [Fact]
    public void A_mapping_longer_than_a_window_holds_is_placed_alone_and_aligned()
    {
        using var big = RawDeviceView.Map(_shm.Device, new DeviceRange(0, MappingWindows.MaxLength + Page), false, "big view");

        Assert.Equal(0, big.Address % (nint)(2 * Units.MiB));
        Assert.Equal(0, MappingWindows.CountOf(_shm.Device.Descriptor));
        using var access = big.Access();
        Assert.Equal(0, access.Read((long)MappingWindows.MaxLength, 1)[0]);
    }

    [Fact]
    public void A_refused_map_leaves_no_window_behind()
    {
        var e = Assert.Throws<Famfs.Errors.FamfsException>(() =>
            Mmap.MapShared(_shm.Device.Descriptor, 100, Page, writable: false, MemoryDevice.MappingAlignment, "unaligned view"));

        Assert.Equal(Famfs.Errors.Errno.EINVAL, e.Errno);
        Assert.Contains("not a multiple of the", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, MappingWindows.CountOf(_shm.Device.Descriptor));
    }

    private MappingHandle View(ulong offset, bool writable) =>
        RawDeviceView.Map(_shm.Device, new DeviceRange(offset, Page), writable, $"window test view at {offset}");
}
