using System.Text.Json;
using Famfs.Cli.Tests.TestSupport;

namespace Famfs.Cli.Tests.Commands;

/// <summary>`famfs logplay --dryrun --json` on every reference image lists exactly the manifest's entries.</summary>
public class LogplayCommandTests
{
    public static TheoryData<string> Images => [.. ConformanceImages.PositiveNames()];

    [Theory]
    [MemberData(nameof(Images))]
    public void Dryrun_json_matches_the_manifest(string name)
    {
        var manifest = ConformanceImages.LoadManifest(name);
        using var device = ConformanceImages.Materialize(name);
        var result = CliRunner.Run("logplay", "--dryrun", "--json", device.Path).AssertSuccess();
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        var log = manifest.Log;
        Assert.Equal(log.U64("famfs_log_next_seqnum"), root.GetProperty("next_seqnum").GetUInt64());
        Assert.Equal(log.U64("famfs_log_next_index"), root.GetProperty("next_index").GetUInt64());
        Assert.Equal(log.U64("famfs_log_last_index"), root.GetProperty("last_index").GetUInt64());
        var actual = root.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(manifest.Entries.Count, actual.Count);
        for (var i = 0; i < actual.Count; i++)
        {
            AssertEntry(manifest.Entries[i], actual[i]);
        }
    }

    [Fact]
    public void Logplay_without_dryrun_needs_a_mount()
    {
        using var device = TestLog.CreateFormatted("cli-logplay-nodry");
        CliRunner.Run("logplay", device.Path).AssertOneLineError(ExitCodes.Usage, "--dryrun");
    }

    [Fact]
    public void Human_output_lists_files_and_directories()
    {
        using var device = ConformanceImages.Materialize("nested");
        var result = CliRunner.Run("logplay", "-n", device.Path).AssertSuccess();
        Assert.Contains("mkdir a/b/c/d", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("file  a/b/two_mib_plus_1 (2097153 bytes)", result.Stdout, StringComparison.Ordinal);
    }

    private static void AssertEntry(JsonElement expected, JsonElement actual)
    {
        var index = expected.U64("index");
        var what = $"entry {index}";
        Assert.True(index == actual.GetProperty("index").GetUInt64(), what);
        Assert.True(expected.U64("seqnum") == actual.GetProperty("seqnum").GetUInt64(), what);
        Assert.Equal("ok", actual.Str("status"));
        switch (expected.Str("type_name"))
        {
            case "FILE":
                Assert.Equal("file", actual.Str("type"));
                AssertCommon(expected, actual);
                Assert.Equal(expected.U64("size"), actual.U64("size"));
                Assert.Equal(expected.U32("flags"), actual.U32("flags"));
                AssertMap(expected.Get("fmap"), actual);
                break;
            case "MKDIR":
                Assert.Equal("mkdir", actual.Str("type"));
                AssertCommon(expected, actual);
                break;
            case "ADD_DAXDEV":
                Assert.Equal("add_daxdev", actual.Str("type"));
                Assert.Equal(expected.U64("dd_size"), actual.U64("dd_size"));
                Assert.Equal(expected.Uuid("dd_uuid"), actual.Uuid("dd_uuid"));
                Assert.Equal(expected.U32("dd_index"), actual.U32("dd_index"));
                break;
            default:
                Assert.Fail($"{what}: manifest type {expected.Str("type_name")} is not covered by this test");
                break;
        }
    }

    private static void AssertCommon(JsonElement expected, JsonElement actual)
    {
        Assert.Equal(expected.Str("relpath"), actual.Str("path"));
        Assert.Equal(expected.U32("mode"), actual.U32("mode"));
        Assert.Equal(expected.U32("uid"), actual.U32("uid"));
        Assert.Equal(expected.U32("gid"), actual.U32("gid"));
    }

    private static void AssertMap(JsonElement fmap, JsonElement actual)
    {
        var interleave = actual.Get("interleave");
        if (fmap.U32("fmap_ext_type") == 0)
        {
            Assert.Equal(JsonValueKind.Null, interleave.ValueKind);
            AssertExtents(fmap.Get("extents"), actual.Get("extents"));
            return;
        }

        var ie = fmap.Get("ie")[0];
        Assert.Equal(ie.U64("ie_nstrips"), interleave.U64("nstrips"));
        Assert.Equal(ie.U64("ie_chunk_size"), interleave.U64("chunk_size"));
        AssertExtents(ie.Get("strips"), interleave.Get("strips"));
        Assert.Empty(actual.Get("extents").EnumerateArray());
    }

    private static void AssertExtents(JsonElement expected, JsonElement actual)
    {
        var e = expected.EnumerateArray().Select(x => (x.U64("devindex"), x.U64("offset"), x.U64("len")));
        var a = actual.EnumerateArray().Select(x => (x.U64("devindex"), x.U64("offset"), x.U64("length")));
        Assert.Equal(e, a);
    }
}
