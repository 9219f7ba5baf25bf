using System.IO.Hashing;
using System.Text;
using Famfs.Format;
using Famfs.TestSupport;

namespace Famfs.Tests.Format;

/// <summary>
/// The famfs CRC is zlib's crc32 seeded with 0; the engine computes it with System.IO.Hashing's
/// <see cref="Crc32"/>, held here to an independent table implementation.
/// </summary>
public class CrcTests
{
    [Fact]
    public void Check_value_of_crc32_is_cbf43926() =>
        Assert.Equal(0xCBF43926u, Crc32.HashToUInt32(Encoding.ASCII.GetBytes("123456789")));

    [Fact]
    public void Crc_of_nothing_is_zero_as_crc32_0_null_0() => Assert.Equal(0u, Crc32.HashToUInt32([]));

    [Fact]
    public void Crc32_equals_the_reference_crc_on_2200_random_inputs()
    {
        var random = new Random(2200);
        var data = new byte[4096];
        for (var i = 0; i < 2200; i++)
        {
            // Every length up to 1100 once (every tail after whole vector blocks), then long ones.
            var length = i <= 1100 ? i : random.Next(1101, data.Length + 1);
            random.NextBytes(data.AsSpan(0, length));
            var input = data.AsSpan(0, length);

            Assert.True(ReferenceCrc32.Compute(input) == Crc32.HashToUInt32(input), $"input {i}, length {length}");
        }
    }

    [Fact]
    public void Each_codec_crc_covers_exactly_its_documented_bytes()
    {
        var random = new Random(536);
        var superblock = new byte[FormatConstants.SuperblockSize];
        var header = new byte[FormatConstants.LogHeaderSize];
        var entry = new byte[FormatConstants.LogEntrySize];
        random.NextBytes(superblock);
        random.NextBytes(header);
        random.NextBytes(entry);

        Assert.Equal(ReferenceCrc32.Compute(superblock.AsSpan(0, 96)), SuperblockCodec.ComputeCrc(superblock));
        Assert.Equal(ReferenceCrc32.Compute(header.AsSpan(0, 24)), LogHeaderCodec.ComputeCrc(header));
        Assert.Equal(ReferenceCrc32.Compute(entry.AsSpan(0, 536)), LogEntryCodec.ComputeCrc(entry));
    }

    [Fact]
    public void Crc_upper_32_bits_are_zero()
    {
        var entry = new byte[FormatConstants.LogEntrySize];
        new Random(7).NextBytes(entry);
        entry.AsSpan().Fill(0xFF);
        Assert.Equal(0UL, LogEntryCodec.ComputeCrc(entry) >> 32);
    }
}
