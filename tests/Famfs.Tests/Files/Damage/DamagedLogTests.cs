using System.Buffers.Binary;
using Famfs.Admin;
using Famfs.Devices;
using Famfs.Errors;
using Famfs.Files;
using Famfs.Format;
using Famfs.Log;
using Famfs.Tests.Files.Support;

namespace Famfs.Tests.Files.Damage;

/// <summary>
/// The rule of a damaged log, through the library: nothing is appended to a log whose entries
/// fail validation, nothing fsck rejects is served, and a damaged file system opens read-only
/// so the files logged before the damage can be rescued.
/// </summary>
public sealed class DamagedLogTests
{
    [Fact]
    public void A_damaged_entry_refuses_read_write_opens_and_creates_and_read_only_serves_the_files_before_it()
    {
        using var shm = new ShmFileSystem();
        using (var fs = shm.Open())
        {
            fs.CreateFile("a", 1 << 20);
            fs.CreateFile("b", 1 << 20);
            fs.CreateFile("c", 1 << 20);
        }

        FlipByte(shm, FamfsMetadata.EntryOffset(1) + 100);
        var hash = shm.MetadataHash();

        var refused = Assert.Throws<MetadataCorruptException>(() => shm.Open());
        Assert.Equal(Errno.EUCLEAN, refused.Errno);
        Assert.Contains("log entry 1", refused.Message, StringComparison.Ordinal);
        Assert.Contains("read-only", refused.Remedy, StringComparison.Ordinal);

        using (var fs = shm.Open(readOnly: true))
        {
            Assert.NotNull(fs.Find("a"));
            Assert.Null(fs.Find("c")); // logged after the damage: play never reaches it
            Assert.Throws<FamfsException>(() => fs.CreateFile("d", 1 << 20));
        }

        Assert.Equal(hash, shm.MetadataHash()); // nothing was appended to the damaged log
    }

    [Fact]
    public void A_live_file_system_refuses_creates_once_another_writer_damaged_its_log()
    {
        using var shm = new ShmFileSystem();
        using var fs = shm.Open();
        fs.CreateFile("a", 1 << 20);
        using (var other = shm.Open())
        {
            other.CreateFile("b", 1 << 20);
        }

        FlipByte(shm, FamfsMetadata.EntryOffset(1) + 100);
        var e = Assert.Throws<MetadataCorruptException>(() => fs.CreateFile("c", 1 << 20));
        Assert.Contains("log entry 1", e.Message, StringComparison.Ordinal);
        Assert.Equal(2UL, shm.Header().NextIndex);
    }

    [Theory]
    [InlineData(2UL << 20, 0UL, "overlaps the superblock and log")]          // inside the log
    [InlineData((12UL << 20) + 4096, 0UL, "not aligned")]                       // unaligned
    [InlineData(1UL << 40, 0UL, "past the end")]                               // outside the device
    [InlineData(12UL << 20, 1UL, "device index 1")]                            // on a device that does not exist
    public void An_entry_with_a_good_crc_and_bad_space_is_never_served_and_refuses_appends(ulong offset, ulong devIndex, string problem)
    {
        using var shm = new ShmFileSystem();
        using (var device = MemoryDevice.Open(shm.Path, writable: true))
        {
            var entry = Famfs.TestSupport.TestLog.File("bad", offset, 4096) with { Map = new SimpleFileMap([new Extent(devIndex, offset, FormatConstants.AllocationUnit)]) };
            Famfs.TestSupport.TestLog.Append(device, [entry]);
        }

        using (var fs = shm.Open(readOnly: true))
        {
            Assert.Null(fs.Find("bad"));
        }

        Assert.Contains(problem, Assert.Throws<MetadataCorruptException>(() => shm.Open()).Message, StringComparison.Ordinal);
        using var check = MemoryDevice.Open(shm.Path, writable: false);
        Assert.Contains(Fsck.Run(check).Errors, e => e.Contains(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void A_second_file_over_the_first_ones_space_is_not_served_and_the_first_keeps_it()
    {
        using var shm = new ShmFileSystem();
        using (var fs = shm.Open())
        {
            fs.CreateFile("first", 2 << 20);
            fs.CloneForTesting("first", "second");
        }

        using var ro = shm.Open(readOnly: true);
        Assert.NotNull(ro.Find("first"));
        Assert.Null(ro.Find("second"));
    }

    [Fact]
    public void An_entry_past_a_lowered_next_index_is_committed_data_rolled_forward_not_overwritten()
    {
        using var shm = new ShmFileSystem();
        using (var fs = shm.Open())
        {
            fs.CreateFile("a", 1 << 20);
            fs.CreateFile("last", 1 << 20);
        }

        // One bit flipped in next_index: it now says 1, but slot 1 holds a committed entry.
        WriteU64(shm, FormatConstants.LogOffset + LogHeaderCodec.NextIndexOffset, 1);
        using (var device = MemoryDevice.Open(shm.Path, writable: false))
        {
            var report = Fsck.Run(device);
            Assert.True(report.Clean, string.Join("; ", report.Errors));
            Assert.Contains(report.Warnings, w => w.Contains("committed", StringComparison.Ordinal));
        }

        using (var fs = shm.Open())
        {
            Assert.NotNull(fs.Find("last"));
            fs.CreateFile("next", 1 << 20);
            Assert.Equal(3UL, shm.Header().NextIndex);
            Assert.NotNull(fs.Find("last"));
        }

        var clean = shm.AssertFsckClean();
        Assert.Equal(3, clean.Statistics!.Files);
    }

    [Fact]
    public void A_size_past_the_device_is_efbig_before_any_arithmetic()
    {
        using var shm = new ShmFileSystem();
        using var fs = shm.Open();
        Assert.Equal(Errno.EFBIG, Assert.Throws<FamfsException>(() => fs.CreateFile("huge", ulong.MaxValue)).Errno);
        Assert.Equal(0UL, shm.Header().NextIndex);
    }

    private static void FlipByte(ShmFileSystem shm, ulong offset)
    {
        using var file = new FileStream(shm.Path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = (long)offset;
        var b = file.ReadByte();
        file.Position = (long)offset;
        file.WriteByte((byte)(b ^ 0x41));
    }

    private static void WriteU64(ShmFileSystem shm, ulong offset, ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        using var file = new FileStream(shm.Path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = (long)offset;
        file.Write(bytes);
    }
}
