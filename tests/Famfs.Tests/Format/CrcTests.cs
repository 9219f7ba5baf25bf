using System.Text;
using Famfs.Format;
using Famfs.Interop;

namespace Famfs.Tests.Format;

public class CrcTests
{
    [Fact]
    public void Check_value_of_crc32_is_cbf43926() =>
        Assert.Equal(0xCBF43926UL, Crc.Compute(Encoding.ASCII.GetBytes("123456789")));

    [Fact]
    public void Crc_of_nothing_is_zero_as_crc32_0_null_0() => Assert.Equal(0UL, Crc.Compute([]));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Crc_matches_an_independent_table_implementation(int seed)
    {
        var data = new byte[536 + seed];
        new Random(seed).NextBytes(data);
        Assert.Equal(ReferenceCrc32.Compute(data), Crc.Compute(data));
    }

    [Fact]
    public void Crc_of_every_length_around_the_folding_thresholds_matches_the_table_implementation()
    {
        // Below 64 bytes zlib alone; from 64 on whole 16-byte blocks are folded, zlib takes the rest.
        var data = new byte[1100];
        new Random(11).NextBytes(data);
        for (var length = 0; length <= data.Length; length++)
        {
            Assert.True(ReferenceCrc32.Compute(data.AsSpan(0, length)) == Crc.Compute(data.AsSpan(0, length)), $"length {length}");
        }
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0xFF)]
    public void Folded_crc_matches_zlib_for_uniform_bytes_and_a_nonzero_seed(byte fill)
    {
        if (!CrcFolding.IsSupported)
        {
            return; // Crc.Compute uses zlib alone on this CPU
        }

        var data = new byte[544];
        data.AsSpan().Fill(fill);
        var seed = Zlib.Crc32(0, "famfs"u8);
        Assert.Equal(Zlib.Crc32(seed, data), CrcFolding.Update(seed, data));
    }

    [Fact]
    public void Crc_upper_32_bits_are_zero()
    {
        var data = new byte[4096];
        new Random(7).NextBytes(data);
        Assert.Equal(0UL, Crc.Compute(data) >> 32);
    }
}
