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
/// system) and the mapping (cache flushing on), into simple and interleaved files.
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
        fs.CreateFile("simple", (ulong)Size);
        fs.CreateFile("striped", (ulong)Size, new CreateOptions { Interleave = new InterleaveParameters(4, 4, 2 * Units.MiB) });

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

    [Theory]
    [InlineData("/dev/shm")]
    [InlineData("/tmp")]
    public void The_device_copy_stops_where_the_source_ends_and_touches_nothing_past_it(string sourceDirectory)
    {
        using var shm = new ShmFileSystem();
        var source = NewSource(sourceDirectory, 3 * (long)Units.MiB + 5, seed: 9);
        using var device = MemoryDevice.Open(shm.Path, writable: true);
        using var input = File.OpenHandle(source);
        const ulong at = 64 * Units.MiB;

        const int from = 8; // seeded content is defined per 8-byte word
        var expected = (3 * (int)Units.MiB) + 5 - from;
        Assert.Equal(expected, device.CopyFromFile(input, from, at, 8 * (long)Units.MiB));

        var landed = new byte[3 * Units.MiB];
        device.ReadAt(at, landed);
        Assert.Equal(-1, SeededContent.FindMismatch(9, from, landed.AsSpan(0, expected)));
        Assert.All(landed[expected..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void A_source_shorter_than_the_file_is_an_error_naming_it()
    {
        using var shm = new ShmFileSystem();
        using var fs = shm.Open();
        var source = NewSource("/dev/shm", 5 * (long)Units.MiB, seed: 1);
        fs.CreateFile("f", 8 * Units.MiB);
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
        var node = fs.CreateFile("f", 4 * Units.MiB);
        using var input = File.OpenHandle(source);
        using var file = fs.OpenFile("f", writable: true);
        file.Space.Revoke("test");

        Assert.Throws<MappingRevokedException>(() => file.CopyFrom(input, source));

        var first = new byte[4096];
        using var device = MemoryDevice.Open(shm.Path, writable: false);
        device.ReadAt(node.Map.DeviceExtents[0].Offset, first);
        Assert.All(first, b => Assert.Equal(0, b));
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
