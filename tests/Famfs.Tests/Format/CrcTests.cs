using System.Text;
using Famfs.Format;
using Famfs.TestSupport;

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
    public void Crc_upper_32_bits_are_zero()
    {
        var data = new byte[4096];
        new Random(7).NextBytes(data);
        Assert.Equal(0UL, Crc.Compute(data) >> 32);
    }
}
