using System.Buffers.Binary;
using Famfs.Files;

namespace Famfs.Tests.Files;

/// <summary>creat --randomize / verify content: deterministic, position-addressable, SplitMix64 words.</summary>
public sealed class SeededContentTests
{
    private static byte[] Content(ulong seed, long offset, int length)
    {
        var bytes = new byte[length];
        SeededContent.Fill(seed, offset, bytes);
        return bytes;
    }

    [Fact]
    public void Word_k_is_splitmix64_output_k_so_other_implementations_can_check_it()
    {
        // SplitMix64 seeded with 0: its first outputs (published test vector).
        var bytes = Content(0, 0, 16);
        Assert.Equal(0xE220A8397B1DCDAFUL, BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        Assert.Equal(0x6E789E6AA1B965F4UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(8)));
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
        Assert.Contains("multiples of 8", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => SeededContent.FindMismatch(1, 12, new byte[8]));
    }
}
