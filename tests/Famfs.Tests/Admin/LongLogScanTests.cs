using Famfs.Admin;
using Famfs.Allocation;
using Famfs.Devices;
using Famfs.Format;
using Famfs.Log;

namespace Famfs.Tests.Admin;

/// <summary>
/// fsck's scan of logs long enough to be read ahead on a second thread (<see cref="LogReadAhead"/>):
/// every chunk reaches the scan in order, each CRC is checked by one side or the other, and
/// whatever a play would report — wherever in the log, on whichever chunk — still stops the scan.
/// </summary>
public class LongLogScanTests
{
    private const ulong Mi = 1UL << 20;

    /// <summary>More entries than the read-ahead's threshold (2,048), over 25 chunks of 120.</summary>
    private const int Files = 3000;

    [Fact]
    public void A_long_log_is_proven_sound_by_the_scan_with_the_figures_of_a_play()
    {
        using var file = TestLog.CreateFormatted("long-sound", LongLog(), size: 8UL << 30);
        using var device = file.Open();

        var scan = Scan(device);
        var played = Fsck.Run(device);

        Assert.True(played.Clean, string.Join("; ", played.Errors));
        Assert.NotNull(scan);
        Assert.Equal((played.Statistics!.Files, played.Statistics.Directories, played.FileBytes), (scan.Files, scan.Directories, scan.FileBytes));
        FsckReports.AssertScanMatchesPlay(device);
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(119UL)]
    [InlineData(120UL)]
    [InlineData(1555UL)]
    [InlineData((ulong)Files)]
    public void A_wrong_crc_in_any_chunk_of_a_long_log_stops_the_scan_as_it_stops_play(ulong index)
    {
        using var file = TestLog.CreateFormatted("long-crc", LongLog(), size: 8UL << 30);
        using (var writable = file.Open(writable: true))
        using (var metadata = FamfsMetadata.Open(writable, writable: true))
        {
            metadata.Mapping.Write(FamfsMetadata.EntryOffset(index) + 100, 1)[0] ^= 0x20;
        }

        using var device = file.Open();
        Assert.Null(Scan(device));
        FsckReports.AssertScanMatchesPlay(device);
    }

    [Fact]
    public void A_file_name_logged_again_chunks_later_is_left_to_the_play()
    {
        using var file = TestLog.CreateFormatted("long-dup", [.. LongLog(), TestLog.File("d/f00007", NextFree, 1)], size: 8UL << 30);
        using var device = file.Open();

        Assert.Null(Scan(device));
        Assert.Contains(Fsck.Run(device).Errors, e => e.Contains("already exists", StringComparison.Ordinal));
        FsckReports.AssertScanMatchesPlay(device);
    }

    [Fact]
    public void A_directory_made_over_a_file_chunks_later_is_left_to_the_play()
    {
        using var file = TestLog.CreateFormatted("long-dir", [.. LongLog(), TestLog.Mkdir("d/f00007"), TestLog.File("d/f00007/g", NextFree, 1)], size: 8UL << 30);
        using var device = file.Open();

        Assert.Null(Scan(device));
        FsckReports.AssertScanMatchesPlay(device);
    }

    [Fact]
    public void The_read_ahead_hands_out_every_slot_in_order_as_the_log_holds_it()
    {
        using var file = TestLog.CreateFormatted("long-chunks", LongLog(), size: 8UL << 30);
        using var device = file.Open();
        using var metadata = FamfsMetadata.Open(device, writable: false);
        var end = metadata.CommittedEnd(metadata.ReadHeader().NextIndex);

        var taken = new List<byte>();
        using (var chunks = LogReadAhead.Start(metadata, end))
        {
            while (chunks.TryTake(out var slots))
            {
                taken.AddRange(slots);
            }

            Assert.True(chunks.AllRight);
        }

        var expected = new byte[checked((int)end) * FormatConstants.LogEntrySize];
        Assert.Equal(expected.Length, metadata.ReadSlots(0, (int)end, expected).Length);
        Assert.True(expected.AsSpan().SequenceEqual([.. taken]));
    }

    [Fact]
    public void A_scan_that_stops_early_stops_the_read_ahead_and_is_not_told_all_is_right()
    {
        using var file = TestLog.CreateFormatted("long-stop", LongLog(), size: 8UL << 30);
        using var device = file.Open();
        using var metadata = FamfsMetadata.Open(device, writable: false);

        var chunks = LogReadAhead.Start(metadata, metadata.CommittedEnd(metadata.ReadHeader().NextIndex));
        Assert.True(chunks.TryTake(out _));
        chunks.Dispose(); // returns once the thread has stopped (a thread that never stops hangs the test)
        Assert.False(chunks.AllRight);
    }

    /// <summary>A directory, then <see cref="Files"/> files in it, one 2 MiB unit each from 10 MiB on.</summary>
    private static List<LogEntry> LongLog() =>
        [TestLog.Mkdir("d"), .. Enumerable.Range(0, Files).Select(i => TestLog.File($"d/f{i:D5}", (10 * Mi) + ((ulong)i * 2 * Mi), 4096))];

    private static ulong NextFree => (10 * Mi) + ((ulong)Files * 2 * Mi);

    private static FsckScan? Scan(MemoryDevice device)
    {
        using var metadata = FamfsMetadata.Open(device, writable: false);
        return FsckScan.Run(metadata, SpaceAdmission.For(metadata.Superblock, device.SizeBytes));
    }
}
