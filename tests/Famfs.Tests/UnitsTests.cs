using Famfs.Errors;

namespace Famfs.Tests;

public class UnitsTests
{
    [Theory]
    [InlineData("4096", 4096UL)]
    [InlineData("0", 0UL)]
    [InlineData("1k", 1024UL)]
    [InlineData("1K", 1024UL)]
    [InlineData("8m", 8UL << 20)]
    [InlineData("8M", 8UL << 20)]
    [InlineData("4g", 4UL << 30)]
    [InlineData("4G", 4UL << 30)]
    [InlineData("0x40000000", 1UL << 30)]
    [InlineData("0XA00000", 10UL << 20)]
    [InlineData("2t", 2UL << 40)]
    [InlineData(" 16m ", 16UL << 20)]
    public void ParseSize_accepts_numbers_with_power_of_1024_suffixes(string text, ulong expected) =>
        Assert.Equal(expected, Units.ParseSize(text));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("m")]
    [InlineData("garbage")]
    [InlineData("12x")]
    [InlineData("-1")]
    [InlineData("+4")]
    [InlineData("1.5g")]
    [InlineData("4 g")]
    [InlineData("0xZZ")]
    [InlineData("18446744073709551616")]
    [InlineData("17179869184g")]
    public void ParseSize_refuses_anything_else_with_einval(string text)
    {
        var ex = Assert.Throws<FamfsException>(() => Units.ParseSize(text));
        Assert.Equal(Errno.EINVAL, ex.Errno);
        Assert.Contains("not a size", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(512UL, "512 B")]
    [InlineData(4UL << 30, "4.0 GiB")]
    [InlineData(8UL << 20, "8.0 MiB")]
    public void Human_prints_binary_units(ulong bytes, string expected) => Assert.Equal(expected, Units.Human(bytes));
}
