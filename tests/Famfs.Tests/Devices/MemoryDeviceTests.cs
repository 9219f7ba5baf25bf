using Famfs.Devices;
using Famfs.Errors;
using Famfs.Lifecycle;

namespace Famfs.Tests.Devices;

public class MemoryDeviceTests
{
    [Fact]
    public void A_regular_file_is_a_device_of_its_length()
    {
        using var file = TempDevice.CreateSparse("dev-size", 5UL << 20);
        using var device = file.Open();
        Assert.Equal(DeviceKind.RegularFile, device.Kind);
        Assert.Equal(5UL << 20, device.Size);
        Assert.Equal(file.Path, device.Path);
    }

    [Fact]
    public void A_missing_device_is_enoent()
    {
        using var file = TempDevice.ReservePath("dev-missing");
        Assert.Equal(Errno.ENOENT, Assert.Throws<FamfsException>(() => MemoryDevice.Open(file.Path, writable: false)).Errno);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_directory_is_not_a_memory_device(bool writable)
    {
        var ex = Assert.Throws<FamfsException>(() => MemoryDevice.Open("/dev/shm", writable));
        Assert.Equal(Errno.ENODEV, ex.Errno);
        Assert.Contains("directory", ex.Message + ex.Remedy, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_fifo_is_refused_at_once_naming_its_kind(bool writable)
    {
        using var fifo = TempDevice.ReservePath("dev-fifo");
        Shell.RunChecked("mkfifo", [fifo.Path], "make a FIFO");

        // A read-only open of a FIFO waits for a writer: unchecked, it never returns.
        var open = Task.Run(() => MemoryDevice.Open(fifo.Path, writable));
        if (await Task.WhenAny(open, Task.Delay(TimeSpan.FromSeconds(30))) != open)
        {
            File.OpenHandle(fifo.Path, FileMode.Open, FileAccess.Write).Dispose(); // releases the blocked open
            Assert.Fail("opening a FIFO as a memory device hung");
        }

        var ex = await Assert.ThrowsAsync<FamfsException>(() => open);
        Assert.Equal(Errno.ENODEV, ex.Errno);
        Assert.Contains("a FIFO", ex.Message, StringComparison.Ordinal);
        Assert.Contains("/dev/daxX.Y", ex.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void A_socket_is_refused_naming_its_kind()
    {
        using var path = TempDevice.ReservePath("dev-socket");
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(path.Path));

        var ex = Assert.Throws<FamfsException>(() => MemoryDevice.Open(path.Path, writable: false));
        Assert.Equal(Errno.ENODEV, ex.Errno);
        Assert.Contains("a socket", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Creating_an_existing_file_is_eexist()
    {
        using var file = TempDevice.CreateSparse("dev-exists", 4096);
        Assert.Equal(Errno.EEXIST, Assert.Throws<FamfsException>(() => MemoryDevice.CreateFile(file.Path, 8192)).Errno);
        Assert.Equal(4096, file.Length);
    }

    [Fact]
    public void CreateFile_makes_a_sparse_file_of_the_size()
    {
        using var file = TempDevice.ReservePath("dev-create");
        using (var device = MemoryDevice.CreateFile(file.Path, 4L << 30))
        {
            Assert.Equal(4UL << 30, device.Size);
        }

        Assert.Equal(4L << 30, file.Length);
    }

    [Fact]
    public void CreateFile_refuses_a_negative_size_with_EINVAL_and_creates_nothing()
    {
        using var file = TempDevice.ReservePath("dev-negative");
        Assert.Equal(Errno.EINVAL, Assert.Throws<FamfsException>(() => MemoryDevice.CreateFile(file.Path, -1)).Errno);
        Assert.False(File.Exists(file.Path));
    }

    [Fact]
    public void CreateFile_makes_a_device_only_its_owner_can_read_or_write()
    {
        // A world-readable device would hand every famfs file to every local user (dd, cat -D).
        using var file = TempDevice.ReservePath("dev-mode");
        using (MemoryDevice.CreateFile(file.Path, 4L << 20))
        {
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file.Path));
    }

    [Fact]
    public void Mapping_outside_the_device_is_einval()
    {
        using var file = TempDevice.CreateSparse("dev-map", 4UL << 20);
        using var device = file.Open();
        Assert.Equal(Errno.EINVAL, Assert.Throws<FamfsException>(() => device.Map(2UL << 20, 4UL << 20, writable: false)).Errno);
        Assert.Equal(Errno.EINVAL, Assert.Throws<FamfsException>(() => device.Map(0, 0, writable: false)).Errno);
    }

    [Fact]
    public void A_read_only_mapping_refuses_writes_and_sees_the_file_bytes()
    {
        using var file = TempDevice.CreateSparse("dev-ro", 4UL << 20);
        file.WriteAt(4097, [0xAB]);
        using var device = file.Open();
        using var mapping = device.Map(0, 4UL << 20, writable: false);
        Assert.Equal(0xAB, mapping.Read(4097, 1)[0]);
        Assert.Equal(Errno.EROFS, Assert.Throws<FamfsException>(() => mapping.Write(0, 1)).Errno);
        Assert.Throws<ArgumentOutOfRangeException>(() => mapping.Read((4UL << 20) - 1, 2));
    }

    [Fact]
    public void Writes_through_a_shared_mapping_reach_the_file()
    {
        using var file = TempDevice.CreateSparse("dev-rw", 4UL << 20);
        using (var device = file.Open(writable: true))
        using (var mapping = device.Map(2UL << 20, 2UL << 20, writable: true))
        {
            mapping.Write(5, 1)[0] = 0x5A;
            mapping.Sync(0, 4096);
        }

        Assert.Equal([0x5A], file.ReadAt((2L << 20) + 5, 1));
    }

    [Fact]
    public void A_view_at_an_unaligned_offset_is_served_from_a_mapping_rounded_out_to_whole_pages()
    {
        using var file = TempDevice.CreateSparse("dev-unaligned", 4UL << 20);
        file.WriteAt(4096 + 100, [1, 2, 3]);
        using var device = file.Open();
        Assert.Equal((ulong)Environment.SystemPageSize, device.MappingGranularity);
        using var mapping = device.Map(4096 + 100, 3, writable: false);
        Assert.Equal([1, 2, 3], mapping.Read(0, 3).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => mapping.Read(0, 4));
    }

    [Fact]
    public void ReadAt_reads_what_the_file_holds_and_stops_at_its_end()
    {
        using var file = TempDevice.CreateSparse("dev-readat", 2UL << 20);
        file.WriteAt((2L << 20) - 2, [7, 8]);
        using var device = file.Open();
        var buffer = new byte[4];
        Assert.Equal(2, device.ReadAt((2UL << 20) - 2, buffer));
        Assert.Equal([7, 8], buffer[..2]);
    }

    [Fact]
    public void Writing_through_the_descriptor_of_a_read_only_device_names_its_kind()
    {
        using var file = TempDevice.CreateSparse("dev-nowrite", 2UL << 20);
        using var device = file.Open();
        var e = Assert.Throws<FamfsException>(() => device.WriteAt(0, [1], "test write"));
        Assert.Equal(Errno.ENOTSUP, e.Errno);
        Assert.Contains("regular-file device opened read-only", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DeviceKind.DaxCharDevice, "device-dax device")]
    [InlineData(DeviceKind.BlockDevice, "block device")]
    [InlineData(DeviceKind.RegularFile, "regular-file device")]
    public void Device_kinds_have_names_for_messages(DeviceKind kind, string name) => Assert.Equal(name, kind.Describe());
}
