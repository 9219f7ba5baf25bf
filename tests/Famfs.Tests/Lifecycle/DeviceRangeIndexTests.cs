using Famfs.Errors;
using Famfs.Lifecycle;

namespace Famfs.Tests.Lifecycle;

public sealed class DeviceRangeIndexTests : IDisposable
{
    private const ulong Chunk = 2 * Units.MiB;
    private readonly TempDevice _shm = TempDevice.CreateSparse("lifecycle", 64 * Units.MiB);
    private readonly TokenEventRegistry _events = new();

    public void Dispose() => _shm.Dispose();

    [Fact]
    public void Exclusive_claim_revokes_file_and_raw_mappings_of_the_range_and_refuses_new_ones()
    {
        using var space = CreateSpace("/claimed", 0, Chunk);
        using var fileMapping = space.Map(_shm.Device, 0, Chunk, writable: false);
        using var rawView = RawDeviceView.Map(_shm.Device, new DeviceRange(0, 4096), writable: false, "superblock reader");
        using var elsewhere = RawDeviceView.Map(_shm.Device, new DeviceRange(Chunk, 4096), writable: false, "log reader");

        using (var claim = DeviceRangeIndex.For(_shm.Device).Claim(new DeviceRange(0, Chunk), exclusive: true, "test"))
        {
            Assert.Equal(2, claim.Revocation.MappingsRevoked);
            Assert.True(fileMapping.IsRevoked);
            Assert.True(rawView.IsRevoked);
            Assert.False(elsewhere.IsRevoked);
            Assert.Equal(RevocationCause.RangeClaimed, rawView.Revocation!.Cause);
            Assert.Throws<DeviceRangeBusyException>(() => space.Map(_shm.Device, 0, Chunk, writable: false));
            var busy = Assert.Throws<DeviceRangeBusyException>(() => RawDeviceView.Map(_shm.Device, new DeviceRange(4096, 4096), false, "late"));
            Assert.Equal(Errno.EBUSY, busy.Errno);
            Assert.Throws<DeviceRangeBusyException>(() => DeviceRangeIndex.For(_shm.Device).Claim(new DeviceRange(0, 4096), false, "second"));

            using var holderView = claim.Map(_shm.Device, new DeviceRange(0, 4096), writable: true);
            using var access = holderView.Access();
            access.Write(0, 1)[0] = 1;
        }

        using var again = space.Map(_shm.Device, 0, Chunk, writable: false);
        Assert.False(again.IsRevoked);
    }

    [Fact]
    public void Shared_claim_revokes_only_writable_mappings_and_admits_readers()
    {
        using var writer = RawDeviceView.Map(_shm.Device, new DeviceRange(0, 4096), writable: true, "writer");
        using var reader = RawDeviceView.Map(_shm.Device, new DeviceRange(0, 4096), writable: false, "reader");
        var index = DeviceRangeIndex.For(_shm.Device);

        using var claim = index.Claim(new DeviceRange(0, 4096), exclusive: false, "shared");
        using var secondShared = index.Claim(new DeviceRange(0, 4096), exclusive: false, "shared too");

        Assert.True(writer.IsRevoked);
        Assert.False(reader.IsRevoked);
        using var anotherReader = RawDeviceView.Map(_shm.Device, new DeviceRange(0, 4096), writable: false, "reader 2");
        Assert.Throws<DeviceRangeBusyException>(() => RawDeviceView.Map(_shm.Device, new DeviceRange(0, 4096), true, "writer 2"));
    }

    [Fact]
    public void A_mapping_registered_before_anybody_set_up_the_index_is_found_by_a_later_claim()
    {
        // Like the PCI legacy files created before iomem_get_mapping() was ready (seed 002):
        // the mount maps the superblock first; nobody has asked for the device's index yet.
        using var earlyView = RawDeviceView.Map(_shm.Device, new DeviceRange(0, 4096), writable: false, "mount-time superblock");
        using var sameFileOtherPath = Famfs.Devices.MemoryDevice.Open(_shm.Path, writable: false);

        using var claim = DeviceRangeIndex.For(sameFileOtherPath.Identity).Claim(new DeviceRange(0, Chunk), exclusive: true, "late claimant");

        Assert.True(earlyView.IsRevoked);
        Assert.Equal(1, claim.Revocation.MappingsRevoked);
    }

    [Fact]
    public void One_claim_revokes_ten_thousand_mappings()
    {
        const int count = 10_000;
        var mappings = new List<MappingHandle>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                mappings.Add(RawDeviceView.Map(_shm.Device, new DeviceRange((ulong)(i % 1024) * 4096, 4096), writable: false, $"view {i}"));
            }

            // How long it takes is lifecycle-revoke-10k's to measure: a claim also waits for read
            // sections that other tests, running beside this one, hold on purpose.
            using var claim = DeviceRangeIndex.For(_shm.Device).Claim(new DeviceRange(0, 1024 * 4096), exclusive: true, "bulk");

            Assert.Equal(count, claim.Revocation.MappingsRevoked);
            Assert.All(mappings, mapping => Assert.True(mapping.IsRevoked));
            Assert.Equal(0, DeviceRangeIndex.For(_shm.Device).MappingCount);
        }
        finally
        {
            mappings.ForEach(mapping => mapping.Dispose());
        }
    }

    [Fact]
    public void Memory_failure_revokes_with_EIO_records_the_range_and_tells_the_file()
    {
        using var hit = CreateSpace("/poisoned", 0, Chunk);
        using var spared = CreateSpace("/spared", Chunk, Chunk);
        using var unmappedHit = CreateSpace("/poisoned-unmapped", 4 * Chunk, Chunk);
        using var hitMapping = hit.Map(_shm.Device, 0, Chunk, writable: false);
        using var sparedMapping = spared.Map(_shm.Device, Chunk, Chunk, writable: false);
        var events = new List<TokenEvent>();
        using var onHit = _events.Register(hit.Token, events.Add);
        using var onSpared = _events.Register(spared.Token, events.Add);
        using var onUnmapped = _events.Register(unmappedHit.Token, events.Add);
        var index = DeviceRangeIndex.For(_shm.Device);
        var reported = new List<DeviceRange>();
        index.MemoryFailureReported += (_, range) => reported.Add(range);

        index.ReportMemoryFailure(new DeviceRange(4096, 4096));
        index.ReportMemoryFailure(new DeviceRange(4 * Chunk, 4096));

        var error = Assert.Throws<MappingRevokedException>(() => hitMapping.Access().Dispose());
        Assert.Equal(Errno.EIO, error.Errno);
        Assert.False(sparedMapping.IsRevoked);
        Assert.True(index.IsPoisoned(new DeviceRange(0, 8192)));
        Assert.Equal([new DeviceRange(4096, 4096), new DeviceRange(4 * Chunk, 4096)], index.PoisonedRanges);
        Assert.Equal([new DeviceRange(4096, 4096), new DeviceRange(4 * Chunk, 4096)], reported);
        Assert.Equal(
            [new TokenEvent(hit.Token, TokenEventKind.Poisoned, hitMapping.Revocation!.Description),
             new TokenEvent(unmappedHit.Token, TokenEventKind.Poisoned, hitMapping.Revocation!.Description.Replace("0x1000, 0x2000", "0x800000, 0x801000", StringComparison.Ordinal))],
            events);
        var refused = Assert.Throws<FamfsException>(() => RawDeviceView.Map(_shm.Device, new DeviceRange(0, 8192), false, "after"));
        Assert.Equal(Errno.EIO, refused.Errno);
    }

    private AddressSpace CreateSpace(string name, ulong offset, ulong length) =>
        AddressSpace.Create(name, [new DeviceExtent(_shm.Device.Identity, new DeviceRange(offset, length))], _events);

    [Fact]
    public void A_device_range_with_a_negative_offset_or_length_or_one_that_wraps_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeviceRange(-1, 4096));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeviceRange(0, -4096));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeviceRange(long.MaxValue, 1));
        Assert.Equal(long.MaxValue, new DeviceRange(long.MaxValue - 1, 1).End);
    }
}
