using System.Buffers.Binary;
using Famfs.Format;

namespace Famfs.Tests.Format;

public class LogHeaderCodecTests
{
    private const ulong EightMiB = 8UL << 20;

    [Fact]
    public void Empty_header_has_the_reference_last_index_for_8_and_16_MiB()
    {
        Assert.Equal(15419UL, LogHeader.Empty(EightMiB).LastIndex);
        Assert.Equal(15420UL, LogHeader.Empty(EightMiB).Capacity);
        Assert.Equal(30840UL, LogHeader.Empty(16UL << 20).Capacity);
    }

    [Fact]
    public void Encode_then_decode_round_trips_with_crc_over_bytes_0_to_24()
    {
        var header = LogHeader.Empty(EightMiB) with { NextIndex = 31, NextSeqnum = 31 };
        var bytes = Encode(header);
        var decoded = LogHeaderCodec.Decode(bytes);
        Assert.Equal(header with { Crc = decoded.Crc }, decoded);
        Assert.Equal(ReferenceCrc32.Compute(bytes.AsSpan(0, 24)), decoded.Crc);
        Assert.Equal(0xbadcafef00dUL, BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        Assert.Equal(31UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(32)));
        Assert.Equal(31UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(40)));
        Assert.Empty(LogHeaderCodec.Validate(decoded, bytes, EightMiB));
    }

    [Fact]
    public void Next_index_and_seqnum_are_not_covered_by_the_crc()
    {
        var a = Encode(LogHeader.Empty(EightMiB));
        var b = Encode(LogHeader.Empty(EightMiB) with { NextIndex = 7, NextSeqnum = 7 });
        Assert.Equal(LogHeaderCodec.Decode(a).Crc, LogHeaderCodec.Decode(b).Crc);
    }

    [Theory]
    [InlineData(0, "magic")]
    [InlineData(8, "log header CRC")]
    [InlineData(16, "log header CRC")]
    [InlineData(24, "log header CRC")]
    public void Validate_reports_corrupt_covered_fields(int offset, string expected)
    {
        var bytes = Encode(LogHeader.Empty(EightMiB));
        bytes[offset] ^= 0x5a;
        var problems = LogHeaderCodec.Validate(LogHeaderCodec.Decode(bytes), bytes, EightMiB);
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_reports_a_length_that_differs_from_the_superblock() =>
        AssertProblem(LogHeader.Empty(16UL << 20), "length");

    [Fact]
    public void Validate_reports_a_wrong_last_index() =>
        AssertProblem(LogHeader.Empty(EightMiB) with { LastIndex = 15418 }, "last index");

    [Fact]
    public void Validate_reports_next_index_past_the_end() =>
        AssertProblem(LogHeader.Empty(EightMiB) with { NextIndex = 15421, NextSeqnum = 15421 }, "past the end");

    [Fact]
    public void Validate_accepts_a_full_log()
    {
        var bytes = Encode(LogHeader.Empty(EightMiB) with { NextIndex = 15420, NextSeqnum = 15420 });
        var header = LogHeaderCodec.Decode(bytes);
        Assert.True(header.IsFull);
        Assert.Empty(LogHeaderCodec.Validate(header, bytes, EightMiB));
    }

    private static void AssertProblem(LogHeader header, string expected)
    {
        var bytes = Encode(header);
        var problems = LogHeaderCodec.Validate(LogHeaderCodec.Decode(bytes), bytes, EightMiB);
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    private static byte[] Encode(LogHeader header)
    {
        var bytes = new byte[FormatConstants.LogHeaderSize];
        LogHeaderCodec.Encode(header, bytes);
        return bytes;
    }
}
