using Famfs.Files;

namespace Famfs.Tests.Files;

/// <summary>creat --randomize / verify content: the reference's xoroshiro128+ fill, deterministic and position-addressable.</summary>
public sealed class SeededContentTests
{
    private static byte[] Content(ulong seed, long offset, int length)
    {
        var bytes = new byte[length];
        SeededContent.Fill(seed, offset, bytes);
        return bytes;
    }

    [Theory]
    [InlineData(1UL, 16, "284991ee66b6fb343a87ca18de441778")]
    [InlineData(42UL, 16, "985f52e27afb0c3df88c822b402249e5")]
    [InlineData(1UL, 7, "284991ee66b6fb")]
    public void Content_is_byte_for_byte_the_reference_famfs_fill(ulong seed, int length, string expectedHex) =>
        Assert.Equal(expectedHex, Convert.ToHexStringLower(Content(seed, 0, length)));

    [Theory]
    [InlineData(1L << 20)]
    [InlineData((1L << 42) + 20)]
    [InlineData(long.MaxValue - 7)]
    public void A_piece_far_into_a_file_continues_the_piece_before_it(long offset)
    {
        var before = Content(9, offset - 4, 12);
        Assert.Equal(before.AsSpan(4).ToArray(), Content(9, offset, 8));
    }

    [Fact]
    public void Same_seed_gives_the_same_bytes_and_different_seeds_differ()
    {
        Assert.Equal(Content(42, 0, 1 << 16), Content(42, 0, 1 << 16));
        Assert.NotEqual(Content(42, 0, 64), Content(43, 0, 64));
        Assert.NotEqual(Content(42, 0, 64), Content(42, 64, 64));
    }

    [Theory]
    [InlineData(0L, 4096)]
    [InlineData(4L, 13)]
    [InlineData(8L, 13)]
    [InlineData(4096L, 1)]
    [InlineData(1048576L - 8, 100)]
    public void Any_piece_equals_the_same_slice_of_the_whole(long offset, int length)
    {
        var whole = Content(7, 0, 2 * 1024 * 1024);
        Assert.Equal(whole.AsSpan((int)offset, length).ToArray(), Content(7, offset, length));
    }

    [Fact]
    public void Pieces_filled_in_parallel_equal_one_sequential_fill()
    {
        var whole = Content(99, 0, 1 << 20);
        var pieces = new byte[1 << 20];
        Parallel.For(0, 16, i => SeededContent.Fill(99, i * 65536L, pieces.AsSpan(i * 65536, 65536)));
        Assert.Equal(whole, pieces);
    }

    [Fact]
    public void Find_mismatch_is_minus_one_for_matching_content_and_the_exact_offset_otherwise()
    {
        var data = Content(5, 8192, 100_003);
        Assert.Equal(-1, SeededContent.FindMismatch(5, 8192, data));
        Assert.Equal(8192, SeededContent.FindMismatch(6, 8192, data));
        data[77_777] ^= 1;
        Assert.Equal(8192 + 77_777, SeededContent.FindMismatch(5, 8192, data));
        data[77_777] ^= 1;
        data[^1] ^= 0x80;
        Assert.Equal(8192 + data.Length - 1, SeededContent.FindMismatch(5, 8192, data));
    }

    [Fact]
    public void Unaligned_offsets_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => SeededContent.Fill(1, 3, new byte[8]));
        Assert.Contains("multiples of 4", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => SeededContent.FindMismatch(1, 6, new byte[8]));
    }
}
