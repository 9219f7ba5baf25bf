using Famfs.Format;
using Famfs.Log;

namespace Famfs.Tests.Conformance;

[Collection(ConformanceCollection.Name)]
public class SuperblockConformanceTests(ConformanceFixture images)
{
    [Theory]
    [MemberData(nameof(ConformanceData.PositiveImages), MemberType = typeof(ConformanceData))]
    public void Every_superblock_field_matches_the_manifest(string name)
    {
        var image = images[name];
        var expected = image.Manifest.Superblock;
        var sb = image.Metadata.Superblock;
        Assert.Equal(expected.U64("ts_magic"), sb.Magic);
        Assert.Equal(expected.U64("ts_version"), sb.Version);
        Assert.Equal(expected.U64("ts_log_offset"), (ulong)sb.LogOffset);
        Assert.Equal(expected.U64("ts_log_len"), sb.LogBytes);
        Assert.Equal(expected.U64("ts_alloc_unit"), sb.UnitBytes);
        Assert.Equal(expected.U32("ts_omf_ver_major"), sb.OmfMajor);
        Assert.Equal(expected.U32("ts_omf_ver_minor"), sb.OmfMinor);
        Assert.Equal(expected.Uuid("ts_uuid"), sb.FsUuid);
        Assert.Equal(expected.Uuid("ts_dev_uuid"), sb.DeviceUuid);
        Assert.Equal(expected.Uuid("ts_system_uuid"), sb.SystemUuid);
        Assert.Equal(expected.U64("ts_crc"), sb.Crc);
        Assert.Equal(expected.U32("ts_sb_flags"), sb.Flags);
        var daxdev = expected.Get("ts_daxdev");
        Assert.Equal(daxdev.U64("dd_size"), sb.DeviceBytes);
        Assert.Equal(image.Manifest.DeviceSize, sb.DeviceBytes);
        Assert.Equal(daxdev.Uuid("dd_uuid"), sb.DaxdevUuid);
        Assert.Equal(daxdev.Str("dd_daxdev"), sb.DaxdevPath);
        Assert.Equal(image.Manifest.Root.Str("daxdev_name_in_sb"), sb.DaxdevPath);
    }

    [Theory]
    [MemberData(nameof(ConformanceData.PositiveImages), MemberType = typeof(ConformanceData))]
    public void Raw_bytes_uuids_and_crc_match_the_manifest(string name)
    {
        var image = images[name];
        var expected = image.Manifest.Superblock;
        var bytes = new byte[FormatConstants.SuperblockSize];
        Assert.Equal(bytes.Length, image.Device.ReadAt(0, bytes));
        Assert.Equal(expected.HexBytes("first_200_bytes_hex"), bytes);
        Assert.Equal(expected.HexBytes("ts_uuid_raw"), bytes[48..64]);
        Assert.Equal(expected.HexBytes("ts_dev_uuid_raw"), bytes[64..80]);
        Assert.Equal(expected.HexBytes("ts_system_uuid_raw"), bytes[80..96]);
        Assert.Equal(expected.U64("ts_crc_recomputed"), SuperblockCodec.ComputeCrc(bytes));
        Assert.Equal(expected.U64("ts_crc"), (ulong)ReferenceCrc32.Compute(bytes.AsSpan(0, 96)));
        Assert.Empty(SuperblockCodec.Validate(SuperblockCodec.Decode(bytes), bytes));
    }

    [Theory]
    [MemberData(nameof(ConformanceData.PositiveImages), MemberType = typeof(ConformanceData))]
    public void Re_encoding_the_superblock_reproduces_the_image_bytes(string name)
    {
        var image = images[name];
        var encoded = new byte[FormatConstants.SuperblockSize];
        SuperblockCodec.Encode(image.Metadata.Superblock, encoded);
        Assert.Equal(image.MetadataBytes[..FormatConstants.SuperblockSize], encoded);
    }

    [Theory]
    [MemberData(nameof(ConformanceData.PositiveImages), MemberType = typeof(ConformanceData))]
    public void Rest_of_the_superblock_area_is_zero(string name)
    {
        var area = images[name].MetadataBytes.AsSpan(FormatConstants.SuperblockSize, (int)FormatConstants.SuperblockAreaSize - FormatConstants.SuperblockSize);
        Assert.Equal(-1, area.IndexOfAnyExcept((byte)0));
    }

    [Theory]
    [MemberData(nameof(ConformanceData.PositiveImages), MemberType = typeof(ConformanceData))]
    public void Superblock_read_with_pread_equals_the_mapped_one(string name)
    {
        var image = images[name];
        Assert.Equal(image.Metadata.Superblock, FamfsMetadata.ReadSuperblock(image.Device));
    }
}
