using System.Text;
using System.Text.Json;
using Famfs.Format;
using Famfs.Log;

namespace Famfs.Tests.Conformance;

[Collection(ConformanceCollection.Name)]
public class EntryConformanceTests(ConformanceFixture images)
{
    [Theory]
    [MemberData(nameof(ConformanceData.PositiveImages), MemberType = typeof(ConformanceData))]
    public void Our_reader_returns_exactly_the_manifest_entries(string name)
    {
        var image = images[name];
        var records = image.Metadata.ReadRecords().ToList();
        var expected = image.Manifest.Entries;
        Assert.Equal(expected.Count, records.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            AssertEntry(expected[i], records[i]);
        }
    }

    [Theory]
    [MemberData(nameof(ConformanceData.PositiveImages), MemberType = typeof(ConformanceData))]
    public void Re_encoding_each_entry_reproduces_its_544_bytes(string name)
    {
        var image = images[name];
        var encoded = new byte[FormatConstants.LogEntrySize];
        foreach (var record in image.Metadata.ReadRecords())
        {
            LogEntryCodec.Encode(record.Entry, encoded);
            var original = image.MetadataBytes.AsSpan((int)FamfsMetadata.EntryOffset(record.Index), FormatConstants.LogEntrySize);
            Assert.True(original.SequenceEqual(encoded), $"entry {record.Index} of {name} re-encodes differently");
        }
    }

    private static void AssertEntry(JsonElement expected, LogRecord record)
    {
        var index = expected.U64("index");
        var entry = record.Entry;
        Assert.Equal(index, record.Index);
        Assert.Null(record.Corruption);
        Assert.Null(entry.Defect);
        Assert.Equal(expected.U64("seqnum"), entry.Seqnum);
        Assert.Equal(expected.U32("type"), entry.RawType);
        Assert.Equal(expected.U64("image_offset"), FamfsMetadata.EntryOffset(index));
        Assert.True(expected.Get("canonical_zero_padding").GetBoolean());
        switch (expected.Str("type_name"))
        {
            case "FILE":
                AssertFile(expected, Assert.IsType<FileEntry>(entry));
                break;
            case "MKDIR":
                var dir = Assert.IsType<MkdirEntry>(entry);
                AssertPath(expected, dir.Path);
                Assert.Equal(expected.U32("mode"), dir.Mode);
                Assert.Equal(expected.U32("uid"), dir.Uid);
                Assert.Equal(expected.U32("gid"), dir.Gid);
                break;
            case "ADD_DAXDEV":
                var dax = Assert.IsType<AddDaxdevEntry>(entry);
                Assert.Equal(expected.U64("dd_size"), dax.DeviceSize);
                Assert.Equal(expected.Uuid("dd_uuid"), dax.DeviceUuid);
                Assert.Equal(expected.U32("dd_index"), dax.DeviceIndex);
                break;
            default:
                Assert.Fail($"entry {index}: manifest type {expected.Str("type_name")} is not covered by this test");
                break;
        }
    }

    private static void AssertFile(JsonElement expected, FileEntry file)
    {
        AssertPath(expected, file.Path);
        Assert.Equal(expected.U64("size"), file.Size);
        Assert.Equal(expected.U32("flags"), file.Flags);
        Assert.Equal(expected.U32("mode"), file.Mode);
        Assert.Equal(expected.U32("uid"), file.Uid);
        Assert.Equal(expected.U32("gid"), file.Gid);
        var fmap = expected.Get("fmap");
        switch (fmap.U32("fmap_ext_type"))
        {
            case 0:
                Assert.Equal("SIMPLE", fmap.Str("ext_type_name"));
                var simple = Assert.IsType<SimpleFileMap>(file.Map);
                Assert.Equal(fmap.U32("fmap_nextents"), (uint)simple.Extents.Length);
                AssertExtents(fmap.Get("extents"), simple.Extents);
                break;
            case 1:
                Assert.Equal("INTERLEAVE", fmap.Str("ext_type_name"));
                Assert.Equal(1U, fmap.U32("fmap_niext"));
                var interleaved = Assert.IsType<InterleavedFileMap>(file.Map);
                var ie = Assert.Single(fmap.Get("ie").EnumerateArray());
                Assert.Equal(ie.U64("ie_nstrips"), interleaved.StripCount);
                Assert.Equal(ie.U64("ie_chunk_size"), interleaved.ChunkSize);
                AssertExtents(ie.Get("strips"), interleaved.Strips);
                break;
            default:
                Assert.Fail($"unknown fmap_ext_type {fmap.U32("fmap_ext_type")}");
                break;
        }
    }

    private static void AssertPath(JsonElement expected, string path)
    {
        Assert.Equal(expected.Str("relpath"), path);
        Assert.Equal(expected.HexBytes("relpath_hex"), Encoding.UTF8.GetBytes(path));
        Assert.Equal(expected.U32("relpath_len"), (uint)Encoding.UTF8.GetByteCount(path));
    }

    private static void AssertExtents(JsonElement expected, IReadOnlyList<Extent> actual)
    {
        var list = expected.EnumerateArray().ToList();
        Assert.Equal(list.Count, actual.Count);
        for (var i = 0; i < list.Count; i++)
        {
            Assert.Equal(new Extent(list[i].U64("devindex"), list[i].U64("offset"), list[i].U64("len")), actual[i]);
        }
    }
}
