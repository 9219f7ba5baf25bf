using System.Runtime.InteropServices;
using Famfs.Interop;

namespace Famfs.Tests.Interop;

/// <summary>struct statx must match linux/stat.h: 256 bytes, fields where the kernel writes them.</summary>
public class StatxLayoutTests
{
    [Fact]
    public void Statx_is_256_bytes() => Assert.Equal(256, Marshal.SizeOf<statx>());

    [Theory]
    [InlineData("stx_mask", 0)]
    [InlineData("stx_blksize", 4)]
    [InlineData("stx_attributes", 8)]
    [InlineData("stx_nlink", 16)]
    [InlineData("stx_uid", 20)]
    [InlineData("stx_gid", 24)]
    [InlineData("stx_mode", 28)]
    [InlineData("stx_ino", 32)]
    [InlineData("stx_size", 40)]
    [InlineData("stx_blocks", 48)]
    [InlineData("stx_rdev_major", 128)]
    [InlineData("stx_rdev_minor", 132)]
    [InlineData("stx_dev_major", 136)]
    [InlineData("stx_dev_minor", 140)]
    public void Statx_field_offsets(string field, int offset) => Assert.Equal(offset, (int)Marshal.OffsetOf<statx>(field));

    [Fact]
    public void Statx_of_a_real_file_reports_its_size_and_type()
    {
        using var device = TempDevice.CreateSparse("statx", 12345);
        Assert.Equal(0, Libc.Statx(Libc.AT_FDCWD, device.Path, StatxFlags.AT_NONE, StatxMask.STATX_BASIC_STATS, out var st));
        Assert.Equal(12345UL, st.stx_size);
        Assert.Equal(Libc.S_IFREG, st.stx_mode & Libc.S_IFMT);
        Assert.NotEqual(0UL, st.stx_ino);
    }
}
