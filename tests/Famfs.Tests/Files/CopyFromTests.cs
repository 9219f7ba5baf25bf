using Famfs.Allocation;
using Famfs.Devices;
using Famfs.Errors;
using Famfs.Files;
using Famfs.Lifecycle;
using Famfs.Tests.Files.Support;

namespace Famfs.Tests.Files;

/// <summary>
/// FamfsFileBulk.CopyFrom (the famfs cp data path) through each of its routes: the kernel's
/// copy_file_range (source on the device's tmpfs), the bounce buffer (source on another file
/// system) and the mapping (cache flushing on), into simple and interleaved files; and what
/// stops it (read-only files, revocation, the device's end).
/// </summary>
public sealed class CopyFromTests : IDisposable
{
    private const long Size = (21 * (long)Units.MiB) + 77;
    private readonly List<string> _sources = [];

    public static TheoryData<string, CacheMode> Routes => new()
    {
        { "/dev/shm", CacheMode.None },  // copy_file_range
        { "/tmp", CacheMode.None },      // EXDEV: pread/pwrite through a buffer
        { "/dev/shm", CacheMode.Flush }, // flushing caches: straight into the prefaulted mapping
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public void Copies_land_byte_exact_in_simple_and_interleaved_files(string sourceDirectory, CacheMode cache)
    {
        using var shm = new ShmFileSystem(8 * Units.GiB);
        using var fs = shm.Open(cache: cache);
        var source = NewSource(sourceDirectory, Size, seed: 5);
        fs.CreateFile("simple", Size);
        fs.CreateFile("striped", Size, new CreateOptions { Interleave = new InterleaveParameters(4, 4, (long)(2 * Units.MiB)) });

        foreach (var name in new[] { "simple", "striped" })
        {
            long reported = 0;
            using (var input = File.OpenHandle(source))
            using (var file = fs.OpenFile(name, writable: true))
            {
                file.CopyFrom(input, source, n => reported += n);
            }

            Assert.Equal(Size, reported);
            using var reader = shm.Open(readOnly: true);
            using var back = reader.OpenFile(name);
            var bytes = new byte[Size];
            Assert.Equal(Size, back.Read(0, bytes));
            Assert.Equal(-1, SeededContent.FindMismatch(5, 0, bytes));
        }

        shm.AssertFsckClean();
    }

    [Fact]
    public void The_kernel_copies_within_one_file_system_and_declines_across_two()
    {
        using var shm = new ShmFileSystem();
        using var device = MemoryDevice.Open(shm.Path, writable: true);
        const ulong at = 64 * Units.MiB;
        var sameFs = NewSource("/dev/shm", 3 * (long)Units.MiB + 5, seed: 9);
        var otherFs = NewSource("/tmp", 4096, seed: 9);
        using var same = File.OpenHandle(sameFs);
        using var other = File.OpenHandle(otherFs);

        const int from = 8; // seeded content is defined per 8-byte word
        var expected = (3 * (int)Units.MiB) + 5 - from;
        Assert.Equal(expected, device.CopyFileRange(same, from, at, 4 * (int)Units.MiB, "test copy"));
        Assert.Equal(-1, device.CopyFileRange(other, 0, at, 4096, "test copy"));

        var landed = new byte[3 * Units.MiB];
        device.ReadAt(at, landed);
        Assert.Equal(-1, SeededContent.FindMismatch(9, from, landed.AsSpan(0, expected)));
        Assert.All(landed[expected..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void Descriptor_writes_past_the_device_end_are_refused_and_do_not_grow_it()
    {
        using var shm = new ShmFileSystem();
        using var device = MemoryDevice.Open(shm.Path, writable: true);
        var source = NewSource("/dev/shm", (long)Units.MiB, seed: 3);
        using var input = File.OpenHandle(source);

        var viaKernel = Assert.Throws<FamfsException>(() => device.CopyFileRange(input, 0, device.SizeBytes - 10, (int)Units.MiB, "test copy"));
        var viaWrite = Assert.Throws<FamfsException>(() => device.WriteAt(device.SizeBytes - 10, new byte[4096], "test write"));

        Assert.All([viaKernel, viaWrite], e => Assert.Equal(Errno.EINVAL, e.Errno));
        Assert.Contains("is outside memory device", viaKernel.Message, StringComparison.Ordinal);
        Assert.Equal((long)device.Size, new FileInfo(shm.Path).Length);
    }

    [Fact]
    public void A_file_opened_read_only_is_not_copied_into()
    {
        using var shm = new ShmFileSystem();
        using var fs = shm.Open();
        var source = NewSource("/dev/shm", 2 * (long)Units.MiB, seed: 4);
        var node = fs.CreateFile("f", (long)(2 * Units.MiB));
        using var input = File.OpenHandle(source);
        using var file = fs.OpenFile("f");

        var e = Assert.Throws<FamfsException>(() => file.CopyFrom(input, source));

        Assert.Equal(Errno.EBADF, e.Errno);
        Assert.Contains("opened read-only", e.Message, StringComparison.Ordinal);
        AssertZero(shm, node.Map.DeviceExtents[0].Offset);
    }

    [Theory]
    [InlineData(CacheMode.None)]
    [InlineData(CacheMode.Flush)]
    public void A_claim_between_chunks_stops_the_copy_before_the_next_one(CacheMode cache)
    {
        using var shm = new ShmFileSystem(8 * Units.GiB);
        using var fs = shm.Open(cache: cache);
        const long size = 16 * (long)Units.MiB;
        var source = NewSource("/dev/shm", size, seed: 6);
        // 2 MiB chunks over 4 strips: the copy reports progress every 2 MiB piece.
        var node = fs.CreateFile("f", size, new CreateOptions { Interleave = new InterleaveParameters(4, 4, (long)(2 * Units.MiB)) });
        using var input = File.OpenHandle(source);
        using var file = fs.OpenFile("f", writable: true);
        DeviceClaim? claim = null;
        var pieces = 0;

        Assert.Throws<MappingRevokedException>(() => file.CopyFrom(input, source, _ =>
        {
            if (++pieces == 1)
            {
                claim = fs.ClaimExclusive(new DeviceRange(node.Map.DeviceExtents[1].Offset, node.Map.DeviceExtents[1].Length));
            }
        }));

        using (claim)
        {
            Assert.Equal(1, pieces);
            AssertZero(shm, node.Map.DeviceExtents[1].Offset); // the second piece (strip 1) was never written
        }
    }

    [Fact]
    public void A_source_shorter_than_the_file_is_an_error_naming_it()
    {
        using var shm = new ShmFileSystem();
        using var fs = shm.Open();
        var source = NewSource("/dev/shm", 5 * (long)Units.MiB, seed: 1);
        fs.CreateFile("f", (long)(8 * Units.MiB));
        using var input = File.OpenHandle(source);
        using var file = fs.OpenFile("f", writable: true);

        var e = Assert.Throws<FamfsException>(() => file.CopyFrom(input, source));

        Assert.Equal(Errno.EIO, e.Errno);
        Assert.Contains($"'{source}' ended at {5 * Units.MiB} bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_revoked_file_is_not_written_through_the_device_either()
    {
        using var shm = new ShmFileSystem();
        using var fs = shm.Open();
        var source = NewSource("/dev/shm", 4 * (long)Units.MiB, seed: 2);
        var node = fs.CreateFile("f", (long)(4 * Units.MiB));
        using var input = File.OpenHandle(source);
        using var file = fs.OpenFile("f", writable: true);
        file.Space.Revoke("test");

        Assert.Throws<MappingRevokedException>(() => file.CopyFrom(input, source));

        AssertZero(shm, node.Map.DeviceExtents[0].Offset);
    }

    private static void AssertZero(ShmFileSystem shm, ulong deviceOffset)
    {
        var bytes = new byte[4096];
        using var device = MemoryDevice.Open(shm.Path, writable: false);
        device.ReadAt(deviceOffset, bytes);
        Assert.All(bytes, b => Assert.Equal(0, b));
    }

    public void Dispose() => _sources.ForEach(File.Delete);

    private string NewSource(string directory, long size, ulong seed)
    {
        var path = $"{directory}/famfs-copy-source-{Guid.NewGuid():N}";
        _sources.Add(path);
        var bytes = new byte[size];
        SeededContent.Fill(seed, 0, bytes);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
