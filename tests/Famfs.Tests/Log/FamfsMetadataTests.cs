using Famfs.Errors;
using Famfs.Format;
using Famfs.Log;

namespace Famfs.Tests.Log;

public class FamfsMetadataTests
{
    [Fact]
    public void Records_are_read_up_to_next_index_with_no_corruption()
    {
        using var file = TestLog.CreateFormatted("meta-read", [TestLog.Mkdir("a"), TestLog.Mkdir("a/b")]);
        using var device = file.Open();
        using var metadata = FamfsMetadata.Open(device, writable: false);
        var records = metadata.ReadRecords().ToList();
        Assert.Equal([0UL, 1UL], records.Select(r => r.Index));
        Assert.All(records, r => Assert.Null(r.Corruption));
    }

    [Fact]
    public void A_seqnum_that_is_not_the_index_is_corruption()
    {
        using var file = TestLog.CreateFormatted("meta-seq", [TestLog.Mkdir("a")]);
        var bytes = new byte[FormatConstants.LogEntrySize];
        LogEntryCodec.Encode(TestLog.Mkdir("b") with { Seqnum = 9 }, bytes);
        file.WriteAt((long)FamfsMetadata.EntryOffset(0), bytes);
        using var device = file.Open();
        using var metadata = FamfsMetadata.Open(device, writable: false);
        Assert.Contains("seqnum 9", metadata.ReadRecord(0).Corruption, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flipped_byte_is_a_crc_corruption()
    {
        using var file = TestLog.CreateFormatted("meta-crc", [TestLog.Mkdir("a")]);
        file.WriteAt((long)FamfsMetadata.EntryOffset(0) + 28, "b"u8);
        using var device = file.Open();
        using var metadata = FamfsMetadata.Open(device, writable: false);
        Assert.Contains("CRC", metadata.ReadRecord(0).Corruption, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L, "too small to hold a famfs superblock")]
    [InlineData(100L, "too small to hold a famfs superblock")]
    [InlineData(3L << 20, "truncated")]
    [InlineData(9L << 20, "truncated")]
    public void Open_refuses_a_truncated_device(long length, string expected)
    {
        using var file = TestLog.CreateFormatted("meta-trunc");
        file.Truncate(length);
        using var device = file.Open();
        var ex = Assert.Throws<MetadataCorruptException>(() => FamfsMetadata.Open(device, writable: false));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_refuses_a_corrupt_log_header()
    {
        using var file = TestLog.CreateFormatted("meta-hdr");
        file.WriteAt((long)FormatConstants.LogOffset + 16, [0x01]);
        using var device = file.Open();
        var ex = Assert.Throws<MetadataCorruptException>(() => FamfsMetadata.Open(device, writable: false));
        Assert.Contains("log header CRC", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_records_is_bounded_by_the_log_even_if_next_index_is_huge()
    {
        using var file = TestLog.CreateFormatted("meta-huge");
        file.WriteAt((long)FormatConstants.LogOffset + 40, BitConverter.GetBytes(ulong.MaxValue));
        using var device = file.Open();
        var superblock = FamfsMetadata.ReadSuperblock(device);
        using var metadata = FamfsMetadata.MapUnchecked(device, superblock, writable: false);
        Assert.Equal(15420, metadata.ReadRecords().Count());
    }
}
