using Famfs.Errors;
using Famfs.Files;
using Famfs.Lifecycle;
using Famfs.Tests.Files.Support;

namespace Famfs.Tests.Wiring;

/// <summary>Every famfs file maps through its own address space: revoking one file never touches another.</summary>
public sealed class FileAddressSpaceTests : IDisposable
{
    private readonly ShmFileSystem _shm = new();

    [Fact]
    public void Revoking_file_a_leaves_file_b_in_the_same_file_system_readable()
    {
        using var fs = _shm.Open();
        fs.CreateFile("a", 4096);
        fs.CreateFile("b", 4096);
        using var a = fs.OpenFile("a", writable: true);
        using var b = fs.OpenFile("b", writable: true);
        a.Write(0, [1, 2, 3]);
        b.Write(0, [4, 5, 6]);

        var report = fs.GetAddressSpace("a").Revoke("test");

        Assert.Equal(1, report.MappingsRevoked);
        Assert.True(a.IsRevoked);
        var revoked = Assert.Throws<MappingRevokedException>(() => a.Read(0, new byte[3]));
        Assert.Equal(Errno.ENXIO, revoked.Errno);
        Assert.Throws<MappingRevokedException>(() => a.GetReadOnlySpan(0, 3).ToArray());
        Assert.Throws<MappingRevokedException>(() => a.GetSpan(0, 3).Clear());
        Assert.Throws<MappingRevokedException>(() => a.Write(0, [9]));
        Assert.Throws<MappingRevokedException>(() => a.AsStream().ReadByte());
        Assert.Throws<MappingRevokedException>(() => fs.OpenFile("a"));

        Assert.False(b.IsRevoked);
        Assert.Equal([4, 5, 6], b.GetReadOnlySpan(0, 3).ToArray());
        using var again = fs.OpenFile("b");
        Assert.Equal([4, 5, 6], again.GetReadOnlySpan(0, 3).ToArray());
    }

    [Fact]
    public void Every_open_of_a_file_maps_through_one_space_per_file_system_instance()
    {
        using var first = _shm.Open();
        using var second = _shm.Open();
        first.CreateFile("shared", 4096);
        second.Refresh();
        using var one = first.OpenFile("shared");
        using var two = first.OpenFile("shared");
        using var other = second.OpenFile("shared");

        Assert.Same(one.Space, two.Space);
        Assert.NotSame(one.Space, other.Space);
        Assert.Equal(2, one.Space.MappingCount);

        one.Space.Revoke("test");

        Assert.Throws<MappingRevokedException>(() => two.Read(0, new byte[1]));
        Assert.Equal(1, other.Read(0, new byte[1]));
    }

    [Fact]
    public void Disposing_the_file_system_revokes_files_still_open()
    {
        var fs = _shm.Open();
        fs.CreateFile("f", 4096);
        var file = fs.OpenFile("f");

        fs.Dispose();

        Assert.Throws<MappingRevokedException>(() => file.Read(0, new byte[1]));
        file.Dispose();
    }

    [Fact]
    public void A_read_section_over_the_file_reads_across_extents_and_refuses_after_a_revoke()
    {
        using var fs = _shm.Open();
        fs.CreateFile("striped", (long)(16 * Units.MiB), new CreateOptions { Interleave = new Famfs.Allocation.InterleaveParameters(2, 4, (long)(2 * Units.MiB)) });
        using var file = fs.OpenFile("striped", writable: true);
        var data = Enumerable.Range(0, 6 * 1024 * 1024).Select(i => (byte)(i * 7)).ToArray();
        file.Write(1000, data);

        var back = new byte[data.Length];
        using (var access = file.Access())
        {
            Assert.Equal(data.Length, access.CopyTo(1000, back));
            Assert.Equal(data[..100], access.Read(1000, 100).ToArray());
        }

        Assert.Equal(data, back);
        file.Space.Revoke("test");
        Assert.Throws<MappingRevokedException>(() => file.Access().Dispose());
    }

    [Fact]
    public void Raw_device_views_and_the_metadata_are_tracked_in_the_device_index()
    {
        using var fs = _shm.Open();
        Assert.True(fs.DeviceIndex.MappingCount >= 1); // the metadata view

        using var view = fs.Device.Map(0, 4096, writable: false);
        using var claim = fs.ClaimExclusive(new DeviceRange(0, 4096), "test");

        Assert.Throws<MappingRevokedException>(() => view.Read(0, 1).ToArray());
        Assert.Throws<MappingRevokedException>(() => fs.Refresh());
    }

    public void Dispose() => _shm.Dispose();
}
