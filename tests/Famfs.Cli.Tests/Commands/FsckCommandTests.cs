using System.Text.Json;
using Famfs.Cli.Tests.TestSupport;

namespace Famfs.Cli.Tests.Commands;

public class FsckCommandTests
{
    public static TheoryData<string> Images => [.. ConformanceImages.PositiveNames()];

    public static TheoryData<string, bool> SoundAndDamagedImages()
    {
        var images = new TheoryData<string, bool>();
        foreach (var name in ConformanceImages.PositiveNames())
        {
            images.Add(name, false);
        }

        foreach (var name in ConformanceImages.NegativeNames())
        {
            images.Add(name, true);
        }

        return images;
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Json_report_is_clean_on_every_reference_image(string name)
    {
        using var device = ConformanceImages.Materialize(name);
        var result = CliRunner.Run("fsck", "--json", device.Path).AssertSuccess();
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.True(json.RootElement.GetProperty("clean").GetBoolean());
        Assert.Empty(json.RootElement.GetProperty("errors").EnumerateArray());
        var manifest = ConformanceImages.LoadManifest(name);
        Assert.Equal(manifest.Superblock.Uuid("ts_uuid"), json.RootElement.GetProperty("superblock").Uuid("uuid"));
        Assert.Equal(manifest.Entries.Count(e => e.Str("type_name") == "FILE"), json.RootElement.GetProperty("statistics").GetProperty("files").GetInt32());
    }

    [Theory]
    [InlineData("neg_crcflip", "CRC")]
    [InlineData("neg_overlap_clone", "cross-link")]
    [InlineData("neg_sb_crc", "superblock CRC")]
    public void Json_report_is_not_clean_on_a_defective_image(string name, string expected)
    {
        using var device = ConformanceImages.MaterializeNegative(name);
        var before = SparseFile.Fingerprint(device.Path);
        var result = CliRunner.Run("fsck", "--json", device.Path);
        Assert.Equal(ExitCodes.CheckFailed, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.False(json.RootElement.GetProperty("clean").GetBoolean());
        Assert.Contains(json.RootElement.GetProperty("errors").EnumerateArray(), e => e.GetString()!.Contains(expected, StringComparison.Ordinal));
        Assert.Equal(before, SparseFile.Fingerprint(device.Path));
    }

    [Fact]
    public void Human_report_of_a_clean_file_system_says_so()
    {
        using var device = ConformanceImages.Materialize("nested");
        var result = CliRunner.Run("fsck", "-v", device.Path).AssertSuccess();
        Assert.Contains("no errors found", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("entry 30", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(SoundAndDamagedImages))]
    public void The_report_is_the_verbose_report_less_its_entry_lines_whether_fsck_scans_or_plays_the_log(string name, bool damaged)
    {
        using var device = damaged ? ConformanceImages.MaterializeNegative(name) : ConformanceImages.Materialize(name);
        var scanned = CliRunner.Run("fsck", device.Path);
        var played = CliRunner.Run("fsck", "-v", device.Path);

        Assert.Equal(played.ExitCode, scanned.ExitCode);
        Assert.Equal(string.Join('\n', played.Stdout.Split('\n').Where(line => !line.StartsWith("  entry ", StringComparison.Ordinal))), scanned.Stdout);
    }
}
