using System.Text.Json;
using Famfs.Cli.Tests.FileCommands.Support;
using Famfs.Errors;
using Famfs.Files;
using Famfs.Format;

namespace Famfs.Cli.Tests.FileCommands;

/// <summary>creat/verify, interleaving, getmap, clone, chkread and cp through the real CLI.</summary>
[Collection(CliCollection.Name)]
[RequiresRoot]
public sealed class FileCommandTests
{
    [Fact]
    public void Creat_with_a_seed_verifies_with_that_seed_only_and_reads_back_both_ways()
    {
        using var cli = new CliFixture();
        CliFixture.Expect(0, cli.Exec("creat", "-s", "5m", "-r", "-S", "42", "seeded"));
        CliFixture.Expect(0, cli.Exec("creat", "-M", "m1,3m,1", "-M", "m2,100k,2", "-M", "plain,4k"));

        CliFixture.Expect(0, cli.Exec("verify", "-S", "42", "-f", "seeded"));
        CliFixture.Expect(0, cli.Exec("verify", "-m", "m1,1", "-m", "m2,2"));
        var wrong = CliFixture.Expect(ExitCodes.CheckFailed, cli.Exec("verify", "-S", "43", "-f", "seeded"));
        Assert.Contains("'seeded' differs from seed 43 content at offset 0", wrong.Stderr, StringComparison.Ordinal);
        CliFixture.Expect(ExitCodes.CheckFailed, cli.Exec("verify", "-m", "m1,1", "-m", "m2,3"));
        CliFixture.Expect(ExitCodes.NotFound, cli.Exec("verify", "-S", "42", "-f", "missing"));

        var chkread = CliFixture.Expect(0, cli.Exec("chkread", "seeded"));
        Assert.Contains("identical", chkread.Stdout, StringComparison.Ordinal);

        var size0 = CliFixture.Expect(ExitCodes.Usage, cli.Exec("creat", "-s", "0", "empty"));
        Assert.Contains("size 0", size0.Stderr, StringComparison.Ordinal);
        CliFixture.Expect(ExitCodes.Exists, cli.Exec("creat", "-s", "1m", "seeded"));
        cli.AssertFsckClean();
    }

    [Theory]
    [InlineData("0xffffffffffffffff")]
    [InlineData("0x8000000000000000")]
    public void A_creat_size_past_8_EiB_is_too_large_not_negative_and_logs_nothing(string size)
    {
        using var cli = new CliFixture();
        var huge = CliFixture.Expect(ExitCodes.NoSpace, cli.Exec("creat", "-s", size, "huge"));
        Assert.Contains("larger than any device", huge.Stderr, StringComparison.Ordinal);
        CliFixture.Expect(ExitCodes.NoSpace, cli.Exec("creat", "-M", $"huge2,{size}"));
        CliFixture.Expect(2, cli.Exec("getmap", "huge")); // getmap exits 2 for a missing file, as the reference does
        cli.AssertFsckClean();
    }

    [Fact]
    public void Interleaved_creat_is_striped_as_asked_verifies_and_getmap_json_shows_it()
    {
        using var cli = new CliFixture(8 * Units.GiB);
        CliFixture.Expect(0, cli.Exec("creat", "-N", "4", "-B", "4", "-C", "2m", "-s", "21m", "-r", "-S", "9", "striped"));
        CliFixture.Expect(0, cli.Exec("verify", "-S", "9", "-f", "striped"));
        CliFixture.Expect(0, cli.Exec("chkread", "striped"));

        using var json = JsonDocument.Parse(CliFixture.Expect(0, cli.Exec("getmap", "--json", "striped")).Stdout);
        var interleave = json.RootElement.GetProperty("interleave");
        Assert.Equal(4, interleave.GetProperty("nstrips").GetInt32());
        Assert.Equal(2 * Units.MiB, interleave.GetProperty("chunk_size").GetUInt64());
        var strips = interleave.GetProperty("strips").EnumerateArray().ToList();
        Assert.Equal(4, strips.Count);
        Assert.All(strips, s => Assert.Equal(6 * Units.MiB, s.GetProperty("length").GetUInt64())); // ceil(11 / 4) = 3 stripes of 2 MiB
        Assert.Equal(4, strips.Select(s => s.GetProperty("offset").GetUInt64() / (2 * Units.GiB)).Distinct().Count());

        var bad = CliFixture.Expect(ExitCodes.Usage, cli.Exec("creat", "-N", "4", "-B", "4", "-C", "3m", "-s", "21m", "bad"));
        Assert.Contains("chunk size 3145728", bad.Stderr, StringComparison.Ordinal);
        CliFixture.Expect(ExitCodes.Usage, cli.Exec("creat", "-N", "4", "-B", "16", "-s", "21m", "bad"));
        cli.AssertFsckClean();
    }

    [Fact]
    public void Getmap_prints_the_map_as_json_and_exits_2_for_missing_and_21_for_a_directory()
    {
        using var cli = new CliFixture();
        CliFixture.Expect(0, cli.Exec("mkdir", "-m", "0700", "dir"));
        CliFixture.Expect(0, cli.Exec("creat", "-s", "3m", "-m", "0600", "-u", "1001", "-g", "1002", "dir/file"));

        using var json = JsonDocument.Parse(CliFixture.Expect(0, cli.Exec("getmap", "--json", "dir/file")).Stdout);
        var root = json.RootElement;
        string[] keys = ["path", "size", "mode", "uid", "gid", "flags", "extents", "interleave"];
        Assert.All(keys, k => Assert.True(root.TryGetProperty(k, out _), $"getmap --json lacks \"{k}\": {root}"));
        Assert.Equal("dir/file", root.GetProperty("path").GetString());
        Assert.Equal(3 * Units.MiB, root.GetProperty("size").GetUInt64());
        Assert.Equal(0x180u, root.GetProperty("mode").GetUInt32());
        Assert.Equal((1001u, 1002u), (root.GetProperty("uid").GetUInt32(), root.GetProperty("gid").GetUInt32()));
        Assert.Equal(FormatConstants.FlagAllHostsReadWrite, root.GetProperty("flags").GetUInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("interleave").ValueKind);
        var extent = Assert.Single(root.GetProperty("extents").EnumerateArray().ToList());
        Assert.Equal(10 * Units.MiB, extent.GetProperty("offset").GetUInt64());
        Assert.Equal(4 * Units.MiB, extent.GetProperty("length").GetUInt64());
        Assert.Equal(0UL, extent.GetProperty("devindex").GetUInt64());

        var human = CliFixture.Expect(0, cli.Exec("getmap", "dir/file"));
        Assert.Contains("a00000", human.Stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, CliFixture.Expect(0, cli.Exec("getmap", "-q", "dir/file")).Stdout);

        var missing = CliFixture.Expect(2, cli.Exec("getmap", "dir/nope"));
        Assert.Contains("dir/nope", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal((int)Errno.EISDIR, 21);
        CliFixture.Expect(21, cli.Exec("getmap", "dir"));
        Assert.Equal(string.Empty, CliFixture.Expect(2, cli.Exec("getmap", "-q", "nope")).Stderr);
    }

    [Fact]
    public void Clone_makes_a_cross_link_that_fsck_reports_and_the_clone_is_never_served()
    {
        using var cli = new CliFixture();
        CliFixture.Expect(0, cli.Exec("creat", "-s", "3m", "-r", "-S", "5", "original"));
        CliFixture.Expect(0, cli.Run(["fsck", cli.Device]));
        CliFixture.Expect(0, cli.Exec("clone", "original", "clone"));
        // Nothing fsck rejects is served: the file logged first keeps its space, the clone is not there.
        CliFixture.Expect(0, cli.Exec("verify", "-S", "5", "-f", "original"));
        CliFixture.Expect(ExitCodes.NotFound, cli.Exec("verify", "-S", "5", "-f", "clone"));

        var fsck = CliFixture.Expect(ExitCodes.CheckFailed, cli.Run(["fsck", cli.Device]));
        var text = fsck.Stdout + fsck.Stderr;
        Assert.Contains("original", text, StringComparison.Ordinal);
        Assert.Contains("clone", text, StringComparison.Ordinal);
        var crossLink = Assert.Single(cli.Fsck().CrossLinks);
        Assert.Equal(("original", "clone"), (crossLink.FirstPath, crossLink.SecondPath));
        // The cross-link damaged the file system: nothing more may be logged to it.
        Assert.Contains("damaged", CliFixture.Expect(ExitCodes.NoFileSystem, cli.Exec("clone", "original", "x")).Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Cp_copies_many_sources_into_a_directory_refuses_directories_without_r_and_overwrites_only_same_size_files()
    {
        using var cli = new CliFixture();
        var scratch = cli.ScratchDirectory();
        string Local(string name, int size, int seed)
        {
            var path = Path.Combine(scratch, name);
            var bytes = new byte[size];
            new Random(seed).NextBytes(bytes);
            File.WriteAllBytes(path, bytes);
            return path;
        }

        var a = Local("a.bin", 3 << 20, 1);
        var b = Local("b.bin", 1000, 2);
        var c = Local("c.bin", 5 << 20, 3);
        CliFixture.Expect(0, cli.Exec("mkdir", "into"));
        CliFixture.Expect(0, cli.Exec("cp", a, b, c, "into"));
        AssertContent(cli, "into/a.bin", a);
        AssertContent(cli, "into/b.bin", b);
        AssertContent(cli, "into/c.bin", c);

        var notDir = CliFixture.Expect(ExitCodes.NotFound, cli.Exec("cp", a, b, "into/a.bin"));
        Assert.Contains("existing famfs directory", notDir.Stderr, StringComparison.Ordinal);

        Directory.CreateDirectory(Path.Combine(scratch, "tree"));
        Local("tree/inside", 10, 4);
        var indexBefore = cli.Header().NextIndex;
        var dir = CliFixture.Expect(ExitCodes.For(Errno.EISDIR), cli.Exec("cp", Path.Combine(scratch, "tree"), "tree"));
        Assert.Contains("-r", dir.Stderr, StringComparison.Ordinal);
        Assert.Equal(indexBefore, cli.Header().NextIndex);

        var other = Local("other-size", (3 << 20) + 1, 5);
        var refused = CliFixture.Expect(ExitCodes.Exists, cli.Exec("cp", other, "into/a.bin"));
        Assert.Contains("into/a.bin", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(indexBefore, cli.Header().NextIndex);
        AssertContent(cli, "into/a.bin", a);

        var same = Local("same-size", 3 << 20, 6);
        CliFixture.Expect(0, cli.Exec("cp", same, "into/a.bin"));
        Assert.Equal(indexBefore, cli.Header().NextIndex); // overwritten in place, nothing logged
        AssertContent(cli, "into/a.bin", same);
        cli.AssertFsckClean();
    }

    private static void AssertContent(CliFixture cli, string famfsPath, string localPath)
    {
        using var fs = FamfsFileSystem.Open(cli.Device, new FileSystemOptions { ReadOnly = true, SystemUuid = cli.Master });
        using var file = fs.OpenFile(famfsPath);
        var expected = File.ReadAllBytes(localPath);
        Assert.Equal(expected.Length, file.Length);
        Assert.True(expected.AsSpan().SequenceEqual(file.GetReadOnlySpan(0, expected.Length)), $"{famfsPath} differs from {localPath}");
    }
}
