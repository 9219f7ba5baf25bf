using Famfs.Admin;
using Famfs.Devices;
using Famfs.Format;
using Famfs.Lifecycle;
using Famfs.Tests.Files.Support;

namespace Famfs.Tests.Wiring;

/// <summary>Exclusive claims where they belong: mkfs --force of a mapped device, and the library's ClaimExclusive.</summary>
public sealed class MkfsClaimTests : IDisposable
{
    private readonly ShmFileSystem _shm = new();

    [Fact]
    public void Mkfs_force_of_a_device_mapped_in_this_process_revokes_those_mappings()
    {
        using var fs = _shm.Open();
        fs.CreateFile("f", 4096);
        using var file = fs.OpenFile("f", writable: true);
        file.Write(0, [1]);

        using (var device = MemoryDevice.Open(_shm.Path, writable: true))
        {
            Mkfs.Format(device, FormatConstants.DefaultLogLength, force: true, _shm.Master);
        }

        var revoked = Assert.Throws<MappingRevokedException>(() => file.Read(0, new byte[1]));
        Assert.Equal(RevocationCause.RangeClaimed, revoked.Reason.Cause);
        Assert.Throws<MappingRevokedException>(() => fs.Refresh()); // the metadata view went too
        using var fresh = _shm.Open();
        Assert.Null(fresh.Find("f"));
    }

    [Fact]
    public void An_exclusive_claim_revokes_the_files_under_it_and_refuses_new_opens_until_released()
    {
        using var fs = _shm.Open();
        var under = fs.CreateFile("under", 4096);
        fs.CreateFile("beside", 4096);
        using var file = fs.OpenFile("under");
        using var beside = fs.OpenFile("beside");
        var extent = under.Map.DeviceExtents[0];

        using (var claim = fs.ClaimExclusive(new DeviceRange(extent.Offset, extent.Length), "test"))
        {
            Assert.Equal(1, claim.Revocation.MappingsRevoked);
            Assert.Throws<MappingRevokedException>(() => file.Read(0, new byte[1]));
            Assert.Throws<DeviceRangeBusyException>(() => fs.OpenFile("under"));
            Assert.Equal(1, beside.Read(0, new byte[1]));
        }

        using var reopened = fs.OpenFile("under");
        Assert.Equal(1, reopened.Read(0, new byte[1]));
    }

    public void Dispose() => _shm.Dispose();
}
