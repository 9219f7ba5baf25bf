using System.Buffers.Binary;
using Famfs.Format;

namespace Famfs.Tests.Format;

public class SuperblockCodecTests
{
    private static readonly Superblock Sample = new()
    {
        LogLength = 16L << 20,
        FsUuid = Guid.Parse("91eea6cb-d42b-41e1-a7e3-3d15d79f9ea0"),
        DeviceUuid = Guid.Parse("bd68f61f-837f-4c35-ac22-4352e0721d3c"),
        SystemUuid = Guid.Parse("d5ccac02-5d52-475b-8e97-21e957c62478"),
        Flags = 0,
        DeviceSize = 4L << 30,
        DaxdevUuid = Guid.Parse("8a91a0a8-8224-47b1-bb43-7e9feba2fcb2"),
        DaxdevPath = "/dev/dax0.0",
    };

    [Fact]
    public void Encode_then_decode_gives_the_same_superblock_with_its_crc()
    {
        var bytes = Encode(Sample);
        var decoded = SuperblockCodec.Decode(bytes);
        Assert.Equal(Sample with { Crc = decoded.Crc }, decoded);
        Assert.Equal(ReferenceCrc32.Compute(bytes.AsSpan(0, 96)), decoded.Crc);
        Assert.Empty(SuperblockCodec.Validate(decoded, bytes));
    }

    [Fact]
    public void Encoded_fields_are_little_endian_at_their_format_offsets()
    {
        var bytes = Encode(Sample);
        Assert.Equal(0x87b282ffUL, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(0)));
        Assert.Equal(48UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(0x200000UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(16)));
        Assert.Equal(16UL << 20, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(24)));
        Assert.Equal(0x200000UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(32)));
        Assert.Equal(2U, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(40)));
        Assert.Equal(2U, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(44)));
        Assert.Equal(Convert.FromHexString("91eea6cbd42b41e1a7e33d15d79f9ea0"), bytes[48..64]);
        Assert.Equal(Convert.FromHexString("bd68f61f837f4c35ac224352e0721d3c"), bytes[64..80]);
        Assert.Equal(Convert.FromHexString("d5ccac025d52475b8e9721e957c62478"), bytes[80..96]);
        Assert.Equal(4UL << 30, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(112)));
        Assert.Equal(Convert.FromHexString("8a91a0a8822447b1bb437e9feba2fcb2"), bytes[120..136]);
        Assert.Equal("/dev/dax0.0"u8.ToArray(), bytes[136..147]);
        Assert.All(bytes[147..200], b => Assert.Equal(0, b));
        Assert.All(bytes[108..112], b => Assert.Equal(0, b));
    }

    [Fact]
    public void Crc_covers_bytes_0_to_96_only()
    {
        var bytes = Encode(Sample);
        var crc = SuperblockCodec.ComputeCrc(bytes);
        bytes[104] ^= 1; // ts_sb_flags: not covered
        bytes[150] ^= 1; // ts_daxdev: not covered
        Assert.Equal(crc, SuperblockCodec.ComputeCrc(bytes));
        bytes[95] ^= 1; // last byte of ts_system_uuid: covered
        Assert.NotEqual(crc, SuperblockCodec.ComputeCrc(bytes));
    }

    [Fact]
    public void Device_path_is_truncated_to_63_bytes_and_nul_terminated()
    {
        var bytes = Encode(Sample with { DaxdevPath = new string('p', 100) });
        Assert.Equal(0, bytes[199]);
        Assert.Equal(new string('p', 63), SuperblockCodec.Decode(bytes).DaxdevPath);
    }

    [Theory]
    [InlineData(0, "magic")]
    [InlineData(8, "version")]
    [InlineData(16, "log offset")]
    [InlineData(24, "log length")]
    [InlineData(32, "allocation unit")]
    [InlineData(40, "on-media format version")]
    [InlineData(44, "on-media format version")]
    public void Validate_names_a_wrong_field_even_when_the_crc_matches(int fieldOffset, string expected)
    {
        var bytes = Encode(Sample);
        bytes[fieldOffset + 1] ^= 0x10;
        RecomputeCrc(bytes);
        var problems = SuperblockCodec.Validate(SuperblockCodec.Decode(bytes), bytes);
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(48)]
    [InlineData(64)]
    [InlineData(80)]
    [InlineData(96)]
    public void Validate_reports_a_crc_mismatch_when_a_covered_byte_or_the_crc_changes(int offset)
    {
        var bytes = Encode(Sample);
        bytes[offset] ^= 0xff;
        var problems = SuperblockCodec.Validate(SuperblockCodec.Decode(bytes), bytes);
        Assert.Contains(problems, p => p.Contains("superblock CRC", StringComparison.Ordinal));
    }

    [Fact]
    public void Allocation_unit_of_4096_is_accepted()
    {
        var bytes = Encode(Sample with { AllocationUnit = 4096 });
        Assert.Empty(SuperblockCodec.Validate(SuperblockCodec.Decode(bytes), bytes));
    }

    private static byte[] Encode(Superblock sb)
    {
        var bytes = new byte[FormatConstants.SuperblockSize];
        SuperblockCodec.Encode(sb, bytes);
        return bytes;
    }

    private static void RecomputeCrc(byte[] bytes) =>
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(96), SuperblockCodec.ComputeCrc(bytes));
}
