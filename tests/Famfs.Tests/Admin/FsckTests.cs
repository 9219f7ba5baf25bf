using Famfs.Admin;
using Famfs.Format;

namespace Famfs.Tests.Admin;

/// <summary>Fsck on file systems we build: what the reference fsck misses, ours must report.</summary>
public class FsckTests
{
    private const ulong Mi = 1UL << 20;

    [Fact]
    public void A_populated_file_system_is_clean_with_correct_statistics()
    {
        using var file = TestLog.CreateFormatted("fsck-ok", [TestLog.Mkdir("d"), TestLog.File("d/f", 10 * Mi, 3 * Mi), TestLog.File("g", 14 * Mi, 1)]);
        using var device = file.Open();
        var report = Fsck.Run(device);
        Assert.True(report.Clean, string.Join("; ", report.Errors));
        Assert.Equal(2, report.Statistics!.Files);
        Assert.Equal(1, report.Statistics.Directories);
        Assert.Equal(5 + 2 + 1, report.Statistics.AllocatedUnits);
    }

    [Fact]
    public void An_extent_past_the_end_of_the_device_is_an_error()
    {
        using var file = TestLog.CreateFormatted("fsck-end", [TestLog.File("f", (4UL << 30) - (2 * Mi), 4 * Mi)]);
        using var device = file.Open();
        Assert.Contains(Fsck.Run(device).Errors, e => e.Contains("past the end", StringComparison.Ordinal));
    }

    [Fact]
    public void An_extent_over_the_log_is_an_error()
    {
        using var file = TestLog.CreateFormatted("fsck-meta", [TestLog.File("f", 8 * Mi, 2 * Mi)]);
        using var device = file.Open();
        Assert.Contains(Fsck.Run(device).Errors, e => e.Contains("overlaps the superblock and log", StringComparison.Ordinal));
    }

    [Fact]
    public void A_size_larger_than_the_extents_is_an_error()
    {
        var entry = TestLog.File("f", 10 * Mi, 2 * Mi) with { Size = 3 * Mi };
        using var file = TestLog.CreateFormatted("fsck-size", [entry]);
        using var device = file.Open();
        Assert.Contains(Fsck.Run(device).Errors, e => e.Contains("larger than its", StringComparison.Ordinal));
    }

    [Fact]
    public void A_nonzero_device_index_is_an_error()
    {
        var entry = TestLog.File("f", 10 * Mi, Mi) with { Map = new SimpleFileMap([new Extent(1, 10 * Mi, 2 * Mi)]) };
        using var file = TestLog.CreateFormatted("fsck-devidx", [entry]);
        using var device = file.Open();
        Assert.Contains(Fsck.Run(device).Errors, e => e.Contains("device index 1", StringComparison.Ordinal));
    }

    [Fact]
    public void A_delete_entry_is_a_warning_not_an_error()
    {
        using var file = TestLog.CreateFormatted("fsck-delete", [new OpaqueEntry((uint)LogEntryType.Delete)]);
        using var device = file.Open();
        var report = Fsck.Run(device);
        Assert.True(report.Clean, string.Join("; ", report.Errors));
        Assert.Contains(report.Warnings, w => w.Contains("DELETE", StringComparison.Ordinal));
    }

    [Fact]
    public void A_device_smaller_than_its_log_is_reported_truncated()
    {
        using var file = TestLog.CreateFormatted("fsck-trunc");
        file.Truncate(9 * (long)Mi);
        using var device = file.Open();
        var report = Fsck.Run(device);
        Assert.Contains(report.Errors, e => e.Contains("truncated", StringComparison.Ordinal));
    }

    [Fact]
    public void A_device_size_differing_from_the_superblock_is_a_warning()
    {
        using var file = TestLog.CreateFormatted("fsck-grown");
        file.Truncate(5L << 30);
        using var device = file.Open();
        var report = Fsck.Run(device);
        Assert.True(report.Clean, string.Join("; ", report.Errors));
        Assert.Contains(report.Warnings, w => w.Contains("device size", StringComparison.Ordinal));
    }
}
