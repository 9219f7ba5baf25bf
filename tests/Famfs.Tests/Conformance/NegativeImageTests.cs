using Famfs.Admin;

namespace Famfs.Tests.Conformance;

/// <summary>Each defective copy of 'nested' must be reported by fsck, with a message naming the defect, without throwing.</summary>
public class NegativeImageTests
{
    public static TheoryData<string, string[]> Defects => new()
    {
        { "neg_crcflip", ["log entry 12", "CRC"] },
        { "neg_sb_crc", ["superblock", "CRC"] },
        { "neg_loghdr_crc", ["log header", "CRC"] },
        { "neg_overlap_clone", ["cross-link", "clone_of_two_mib_plus_1", "a/b/two_mib_plus_1"] },
        { "neg_abs_path", ["absolute", "/abs/path"] },
        { "neg_misaligned", ["misaligned", "aligned"] },
    };

    [Theory]
    [MemberData(nameof(Defects))]
    public void Fsck_reports_the_defect(string name, string[] words)
    {
        using var file = ConformanceImages.MaterializeNegative(name);
        using var device = file.Open();
        var report = Fsck.Run(device);
        Assert.False(report.Clean);
        Assert.Contains(report.Errors, e => words.All(w => e.Contains(w, StringComparison.Ordinal)));
    }

    [Fact]
    public void Every_negative_image_has_an_expectation() =>
        Assert.Equal(ConformanceImages.NegativeNames().Order(StringComparer.Ordinal), Defects.Select(d => (string)d[0]).Order(StringComparer.Ordinal));

    [Fact]
    public void The_cross_link_names_both_files_and_the_shared_range()
    {
        using var file = ConformanceImages.MaterializeNegative("neg_overlap_clone");
        using var device = file.Open();
        var link = Assert.Single(Fsck.Run(device).CrossLinks);
        Assert.Equal("a/b/two_mib_plus_1", link.FirstPath);
        Assert.Equal("clone_of_two_mib_plus_1", link.SecondPath);
        Assert.Equal(2L * 2 * 1024 * 1024, link.Length);
    }

    [Fact]
    public void Entries_after_a_corrupt_entry_are_reported_unreachable()
    {
        using var file = ConformanceImages.MaterializeNegative("neg_crcflip");
        using var device = file.Open();
        var report = Fsck.Run(device);
        Assert.Contains(report.Errors, e => e.Contains("unreachable", StringComparison.Ordinal));
        Assert.Equal(13, report.Entries.Count);
    }
}
