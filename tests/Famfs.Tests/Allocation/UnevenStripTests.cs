using Famfs.Allocation;
using Famfs.Format;
using Famfs.Namespace;
using Famfs.Log;

namespace Famfs.Tests.Allocation;

/// <summary>
/// A striped map whose strips are not all long enough (here 6 MiB and 2 MiB with 4 MiB chunks, for
/// an 8 MiB file) has enough bytes in total but cannot hold the file: views must never run past a
/// strip's end, and log play must refuse such an entry instead of handing it to readers.
/// </summary>
public sealed class UnevenStripTests
{
    private const ulong MiB = Units.MiB;

    private static readonly InterleavedFileMap Uneven = new(2, 4 * MiB, [new Extent(0, 100 * MiB, 6 * MiB), new Extent(0, 200 * MiB, 2 * MiB)]);

    [Fact]
    public void Contiguous_length_never_passes_the_end_of_the_strip()
    {
        // Chunk 2 is stripe 1 of strip 0: 4 MiB into a 6 MiB strip, so only 2 MiB remain of the 4 MiB chunk.
        var location = ExtentResolver.Locate(Uneven, 8 * MiB);
        Assert.Equal(0, location.ExtentIndex);
        Assert.Equal(4 * MiB, location.OffsetInExtent);
        Assert.Equal(2 * MiB, location.Contiguous);
    }

    [Fact]
    public void A_map_whose_strips_cannot_hold_the_size_is_refused_by_log_play()
    {
        Assert.NotNull(Uneven.CannotHold(8 * MiB));
        Assert.Null(Uneven.CannotHold(6 * MiB));

        var tree = new FsTree();
        var entry = new FileEntry { Path = "striped", Size = 8 * MiB, Mode = 0x1A4, Map = Uneven };
        var outcome = Assert.Single(LogPlayer.Play(tree, [new LogRecord(0, entry, null)], Famfs.Tests.TestSupport.Records.Admission()));
        Assert.Contains("strip 1 is 2097152 bytes", outcome.Problem, StringComparison.Ordinal);
        Assert.Null(tree.Find("striped"));
    }

    [Fact]
    public void A_chunk_size_near_the_top_of_the_range_does_not_wrap_the_chunk_count()
    {
        // (size + chunk - 1) / chunk wraps for a chunk size near 2^64: 0 chunks, and the map would "hold" any size.
        var huge = new InterleavedFileMap(2, ulong.MaxValue, [new Extent(0, 100 * MiB, 4 * MiB), new Extent(0, 200 * MiB, 4 * MiB)]);
        Assert.NotNull(huge.CannotHold(8 * MiB));
    }
}
