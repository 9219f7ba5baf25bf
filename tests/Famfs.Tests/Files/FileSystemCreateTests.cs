using Famfs.Allocation;
using Famfs.Devices;
using Famfs.Errors;
using Famfs.Files;
using Famfs.Format;
using Famfs.Namespace;
using Famfs.Tests.Files.Support;

namespace Famfs.Tests.Files;

/// <summary>Creating directories and files on a real /dev/shm device; writing and reading back through another instance.</summary>
public sealed class FileSystemCreateTests
{
    [Fact]
    public void Directories_and_files_created_by_one_instance_appear_in_another_after_refresh()
    {
        using var shm = new ShmFileSystem();
        using var writer = shm.Open();
        using var reader = shm.Open(readOnly: true);

        var dir = writer.CreateDirectory("a/b/c", parents: true);
        Assert.Equal("a/b/c", dir.Path);
        writer.CreateDirectory("a/b/c", parents: true); // -p on an existing directory: fine, nothing logged
        var file = writer.CreateFile("/a/b/c/data.bin", 3 * Units.MiB + 5, new CreateOptions { Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite, Uid = 1234, Gid = 5678 });
        Assert.Equal(4UL, shm.Header().NextIndex); // three MKDIRs and one FILE

        Assert.Null(reader.Find("a"));
        var played = reader.Refresh();
        Assert.Equal(4, played.Count);
        Assert.All(played, p => Assert.Null(p.Problem));
        Assert.Empty(reader.Refresh()); // nothing new

        var seen = Assert.IsType<FsFile>(reader.Find("a/b/c/data.bin"));
        Assert.Equal(3 * Units.MiB + 5, seen.Size);
        Assert.Equal((0x180u, 1234u, 5678u), (seen.Mode, seen.Uid, seen.Gid));
        Assert.Equal(file.Map.DeviceExtents, seen.Map.DeviceExtents);
        Assert.Equal(FormatConstants.FlagAllHostsReadWrite, seen.Flags);
        var extent = Assert.Single(Assert.IsType<SimpleFileMap>(seen.Map).Extents);
        Assert.Equal(new Extent(0, 10 * Units.MiB, 4 * Units.MiB), extent);
        Assert.IsType<FsDirectory>(reader.Find("a/b"));
        shm.AssertFsckClean();
    }

    [Fact]
    public void Data_written_through_spans_and_streams_reads_back_through_a_second_instance()
    {
        using var shm = new ShmFileSystem();
        using var writer = shm.Open();
        using var reader = shm.Open(readOnly: true);
        const long size = 5 * (long)Units.MiB + 3;
        writer.CreateFile("span.bin", size);
        writer.CreateFile("stream.bin", size);
        var expected = new byte[size];
        SeededContent.Fill(11, 0, expected);

        using (var f = writer.OpenFile("span.bin", writable: true))
        {
            Assert.Equal(size, f.ContiguousLength(0)); // one extent: the whole file is one span
            expected.CopyTo(f.GetSpan(0, (int)size));
        }

        using (var f = writer.OpenFile("stream.bin", writable: true))
        using (var stream = f.AsStream())
        {
            Assert.True(stream.CanWrite);
            for (var at = 0; at < size; at += 100_000)
            {
                stream.Write(expected, at, (int)Math.Min(100_000, size - at));
            }

            Assert.Equal(size, stream.Position);
            Assert.Throws<NotSupportedException>(() => stream.SetLength(1));
        }

        foreach (var name in new[] { "span.bin", "stream.bin" })
        {
            using var f = reader.OpenFile(name); // OpenFile refreshes
            Assert.False(f.Writable);
            Assert.Equal(size, f.Length);
            Assert.True(expected.AsSpan().SequenceEqual(f.GetReadOnlySpan(0, (int)size)), $"{name}: span differs");

            var copy = new byte[size + 100];
            Assert.Equal(size, f.Read(0, copy));
            Assert.True(expected.AsSpan().SequenceEqual(copy.AsSpan(0, (int)size)), $"{name}: Read differs");
            Assert.Equal(0, f.Read(size, copy));

            using var stream = f.AsStream();
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            Assert.Equal(expected, memory.ToArray());

            var words = f.GetReadOnlySpan<ulong>(8, 4);
            Assert.Equal(BitConverter.ToUInt64(expected, 8), words[0]);
            Assert.Equal(BitConverter.ToUInt64(expected, 32), words[3]);
        }

        // The bytes really are on the device at the extent the log names.
        var extent = reader.Find("stream.bin") is FsFile node ? node.Map.DeviceExtents[0] : throw new InvalidOperationException();
        using var device = MemoryDevice.Open(shm.Path, writable: false);
        var raw = new byte[4096];
        device.ReadAt(extent.Offset + Units.MiB, raw);
        Assert.Equal(expected.AsSpan((int)Units.MiB, 4096).ToArray(), raw);
        shm.AssertFsckClean();
    }

    [Fact]
    public void Interleaved_file_data_lands_where_the_format_formula_says()
    {
        using var shm = new ShmFileSystem(8 * Units.GiB);
        using var writer = shm.Open();
        var size = 21 * (long)Units.MiB + 77;
        var node = writer.CreateFile("striped", (ulong)size, new CreateOptions { Interleave = new InterleaveParameters(4, 4, 2 * Units.MiB) });
        var map = Assert.IsType<InterleavedFileMap>(node.Map);
        var expected = new byte[size];
        SeededContent.Fill(3, 0, expected);
        using (var f = writer.OpenFile("striped", writable: true))
        {
            Assert.Equal(2 * (long)Units.MiB - 5, f.ContiguousLength(5));
            var e = Assert.Throws<ArgumentException>(() => f.GetSpan((long)Units.MiB, (int)(2 * Units.MiB)));
            Assert.Contains("crosses an extent or chunk boundary", e.Message, StringComparison.Ordinal);
            f.Write(0, expected);
        }

        using var reader = shm.Open(readOnly: true);
        using (var f = reader.OpenFile("striped"))
        {
            var back = new byte[size];
            Assert.Equal(size, f.Read(0, back));
            Assert.Equal(expected, back);
        }

        using var device = MemoryDevice.Open(shm.Path, writable: false);
        var one = new byte[1];
        foreach (var ofs in new long[] { 0, 1, (2 * (long)Units.MiB) - 1, 2 * (long)Units.MiB, 9 * (long)Units.MiB + 12345, size - 1 })
        {
            var chunk = (ulong)ofs / map.ChunkSize;
            var dev = map.Strips[(int)(chunk % map.StripCount)].Offset + (chunk / map.StripCount * map.ChunkSize) + ((ulong)ofs % map.ChunkSize);
            device.ReadAt(dev, one);
            Assert.True(expected[ofs] == one[0], $"file offset {ofs}: device offset {dev} holds {one[0]}, expected {expected[ofs]}");
        }

        shm.AssertFsckClean();
    }

    [Fact]
    public void Writes_beyond_the_size_are_EFBIG_and_change_nothing()
    {
        using var shm = new ShmFileSystem();
        using var fs = shm.Open();
        const int size = 10_000;
        fs.CreateFile("small", size);
        using var f = fs.OpenFile("small", writable: true);
        var original = new byte[size];
        SeededContent.Fill(1, 0, original);
        f.Write(0, original);
        var slack = new byte[64];
        var extent = f.Node.Map.DeviceExtents[0];

        void AssertUnchanged()
        {
            var now = new byte[size];
            f.Read(0, now);
            Assert.Equal(original, now);
            using var device = MemoryDevice.Open(shm.Path, writable: false);
            device.ReadAt(extent.Offset + size, slack); // the allocated bytes past the end stay untouched
            Assert.All(slack, b => Assert.Equal(0, b));
        }

        foreach (var (offset, length) in new[] { (size - 10L, 11), (size, 1), (0L, size + 1), (size + 100L, 1), (-1L, 1) })
        {
            var e = Assert.Throws<FamfsException>(() => f.Write(offset, new byte[length].AsSpan()));
            Assert.Equal(Errno.EFBIG, e.Errno);
            Assert.Contains("never grow", e.Message, StringComparison.Ordinal);
            AssertUnchanged();
        }

        using var stream = f.AsStream();
        stream.Position = size - 3;
        Assert.Equal(Errno.EFBIG, Assert.Throws<FamfsException>(() => stream.Write(new byte[4])).Errno);
        Assert.Equal(size - 3, stream.Position);
        AssertUnchanged();

        Assert.Throws<ArgumentOutOfRangeException>(() => f.GetSpan(size - 1, 2));
        f.Write(size - 1, [original[^1]]); // the very last byte is fine
        Assert.Equal(size, f.Length);
        using var other = shm.Open(readOnly: true);
        Assert.Equal((ulong)size, Assert.IsType<FsFile>(other.Find("small")).Size);
    }

    [Fact]
    public void A_file_opened_read_only_refuses_writes()
    {
        using var shm = new ShmFileSystem();
        using var fs = shm.Open();
        fs.CreateFile("ro", 100);
        using var f = fs.OpenFile("ro");
        Assert.Equal(Errno.EBADF, Assert.Throws<FamfsException>(() => f.Write(0, new byte[1])).Errno);
        Assert.Equal(Errno.EBADF, Assert.Throws<FamfsException>(() => f.GetSpan(0, 1)).Errno);
        Assert.False(f.AsStream().CanWrite);

        using var readOnly = shm.Open(readOnly: true);
        Assert.Equal(Errno.EROFS, Assert.Throws<FamfsException>(() => readOnly.OpenFile("ro", writable: true)).Errno);
        Assert.Equal(Errno.EROFS, Assert.Throws<FamfsException>(() => readOnly.CreateFile("x", 1)).Errno);
    }

    [Fact]
    public void Open_file_refuses_directories_and_missing_paths()
    {
        using var shm = new ShmFileSystem();
        using var fs = shm.Open();
        fs.CreateDirectory("d");
        Assert.Equal(Errno.EISDIR, Assert.Throws<FamfsException>(() => fs.OpenFile("d")).Errno);
        var e = Assert.Throws<FamfsException>(() => fs.OpenFile("d/nope"));
        Assert.Equal(Errno.ENOENT, e.Errno);
        Assert.Contains("d/nope", e.Message, StringComparison.Ordinal);
    }
}
