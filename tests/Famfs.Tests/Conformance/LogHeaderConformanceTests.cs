using Famfs.Format;
using Famfs.Log;

namespace Famfs.Tests.Conformance;

[Collection(ConformanceCollection.Name)]
public class LogHeaderConformanceTests(ConformanceFixture images)
{
    [Theory]
    [MemberData(nameof(ConformanceData.PositiveImages), MemberType = typeof(ConformanceData))]
    public void Every_log_header_field_matches_the_manifest(string name)
    {
        var image = images[name];
        var expected = image.Manifest.Log;
        var header = image.Metadata.ReadHeader();
        Assert.Equal(expected.U64("famfs_log_magic"), header.Magic);
        Assert.Equal(expected.U64("famfs_log_len"), header.Length);
        Assert.Equal(expected.U64("famfs_log_last_index"), header.LastIndex);
        Assert.Equal(expected.U64("famfs_log_crc"), header.Crc);
        Assert.Equal(expected.U64("famfs_log_crc_recomputed"), LogHeaderCodec.ComputeCrc(image.Metadata.HeaderBytes));
        Assert.Equal(expected.U64("famfs_log_next_seqnum"), header.NextSeqnum);
        Assert.Equal(expected.U64("famfs_log_next_index"), header.NextIndex);
        Assert.Equal(expected.U64("capacity_entries"), header.Capacity);
        Assert.Equal((ulong)FormatConstants.LogHeaderSize, expected.U64("entries_offset_in_log"));
        Assert.Equal((ulong)FormatConstants.LogEntrySize, expected.U64("entry_size"));
        Assert.Equal(FormatConstants.LastIndexFor(header.Length), header.LastIndex);
    }

    [Theory]
    [MemberData(nameof(ConformanceData.PositiveImages), MemberType = typeof(ConformanceData))]
    public void Re_encoding_the_header_reproduces_the_image_bytes(string name)
    {
        var image = images[name];
        var encoded = new byte[FormatConstants.LogHeaderSize];
        LogHeaderCodec.Encode(image.Metadata.ReadHeader(), encoded);
        Assert.Equal(image.MetadataBytes.AsSpan((int)FormatConstants.LogOffset, FormatConstants.LogHeaderSize).ToArray(), encoded);
    }

    [Theory]
    [MemberData(nameof(ConformanceData.PositiveImages), MemberType = typeof(ConformanceData))]
    public void Slots_after_next_index_are_zero(string name)
    {
        var image = images[name];
        var start = (int)FamfsMetadata.EntryOffset(image.Metadata.ReadHeader().NextIndex);
        Assert.Equal(-1, image.MetadataBytes.AsSpan(start).IndexOfAnyExcept((byte)0));
    }
}
