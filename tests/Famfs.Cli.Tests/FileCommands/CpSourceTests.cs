using Famfs.Cli.Tests.FileCommands.Support;
using Famfs.Files;
using Famfs.Namespace;

namespace Famfs.Cli.Tests.FileCommands;

/// <summary>
/// famfs cp and what its sources really are: symbolic links (followed, loops and dangling links
/// skipped in trees), special files, sources that fail late, and copies that fail half-way.
/// As in the reference, every good source is copied completely and each bad one is reported
/// (non-zero exit) with nothing of it logged.
/// </summary>
[Collection(CliCollection.Name)]
public sealed class CpSourceTests : IDisposable
{
    private readonly CliFixture _cli = new();
    private readonly string _scratch;

    public CpSourceTests() => _scratch = _cli.ScratchDirectory();

    public void Dispose() => _cli.Dispose();

    [RequiresRoot]
    [Fact]
    public void A_symlink_to_a_file_copies_the_file_it_points_to_also_inside_a_tree()
    {
        var target = Local("target.bin", 5000, 1);
        File.CreateSymbolicLink(Path.Combine(_scratch, "link"), target);
        Directory.CreateDirectory(Path.Combine(_scratch, "tree"));
        File.CreateSymbolicLink(Path.Combine(_scratch, "tree", "inner-link"), "../target.bin");

        CliFixture.Expect(0, _cli.Exec("cp", Path.Combine(_scratch, "link"), "copied"));
        CliFixture.Expect(0, _cli.Exec("cp", "-r", Path.Combine(_scratch, "tree"), "tree"));

        AssertContent("copied", target);
        AssertContent("tree/inner-link", target);
        _cli.AssertFsckClean();
    }

    [RequiresRoot]
    [Fact]
    public void Cp_r_skips_symlinks_that_loop_and_dangling_links_with_a_warning_and_copies_the_rest()
    {
        var tree = Directory.CreateDirectory(Path.Combine(_scratch, "tree")).FullName;
        var data = Local("tree/data", 3000, 2);
        Directory.CreateDirectory(Path.Combine(tree, "sub"));
        Local("tree/sub/deep", 100, 3);
        File.CreateSymbolicLink(Path.Combine(tree, "sub", "up"), "..");
        File.CreateSymbolicLink(Path.Combine(tree, "self"), ".");
        File.CreateSymbolicLink(Path.Combine(tree, "dangling"), "/nonexistent/famfs-target");
        var outside = Directory.CreateDirectory(Path.Combine(_scratch, "outside")).FullName;
        Local("outside/o", 10, 4);
        File.CreateSymbolicLink(Path.Combine(tree, "elsewhere"), outside);

        var result = CliFixture.Expect(0, _cli.Exec("cp", "-r", tree, "copy"));

        var warnings = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, warnings.Length);
        Assert.Contains(warnings, w => w.Contains("sub/up", StringComparison.Ordinal) && w.Contains("loop", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("self", StringComparison.Ordinal) && w.Contains("loop", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("dangling", StringComparison.Ordinal) && w.Contains("does not exist", StringComparison.Ordinal));
        using var fs = OpenReadOnly();
        Assert.Equal(["copy/data", "copy/elsewhere/o", "copy/sub/deep"], fs.Tree.Files().Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.Null(fs.Find("copy/sub/up"));
        AssertContent("copy/data", data);
        _cli.AssertFsckClean();
    }

    [RequiresRoot]
    [Theory]
    [InlineData("dangling", "symbolic link")]
    [InlineData("missing", "does not exist")]
    [InlineData("fifo", "FIFO")]
    [InlineData("other-size", "exists with size")]
    [InlineData("dir-without-r", "is a directory")]
    [InlineData("same-destination", "would both be copied")]
    public void A_bad_source_is_reported_with_a_non_zero_exit_and_nothing_of_it_logged_while_the_good_ones_are_copied_completely(string bad, string why)
    {
        var good = new[] { Local("a", 4096, 5), Local("b", 70000, 6) };
        CliFixture.Expect(0, _cli.Exec("mkdir", "into"));
        CliFixture.Expect(0, _cli.Exec("creat", "-s", "1", "into/other-size"));
        var badPath = Path.Combine(_scratch, bad);
        switch (bad)
        {
            case "dangling":
                File.CreateSymbolicLink(badPath, "/nonexistent/famfs-target");
                break;
            case "fifo":
                Shell.RunChecked("mkfifo", [badPath], "make a FIFO");
                break;
            case "other-size":
                Local(bad, 2, 7);
                break;
            case "dir-without-r":
                Directory.CreateDirectory(badPath);
                break;
            case "same-destination":
                badPath = Local("elsewhere/a", 4096, 8);
                break;
        }

        var before = _cli.Header().NextIndex;
        var result = _cli.Exec("cp", [.. good, badPath, "into"]);

        result.AssertReportedFailure(bad == "same-destination" ? "into/a" : bad, why);
        Assert.Equal(before + 2, _cli.Header().NextIndex); // into/a and into/b, nothing of the bad source
        AssertContent("into/a", good[0]);
        AssertContent("into/b", good[1]);
        using var fs = OpenReadOnly();
        Assert.Equal(["into/a", "into/b", "into/other-size"], fs.Tree.Files().Select(f => f.Path).Order(StringComparer.Ordinal));
        _cli.AssertFsckClean();
    }

    [Fact]
    public void Cp_of_an_empty_file_or_a_character_device_exits_non_zero_and_logs_nothing()
    {
        var empty = Path.Combine(_scratch, "empty");
        File.WriteAllBytes(empty, []);
        var before = _cli.Header().NextIndex;
        _cli.Exec("cp", empty, "e").AssertOneLineError(ExitCodes.Usage, "empty");
        _cli.Exec("cp", "/dev/zero", "z").AssertOneLineError(ExitCodes.NotFound, "/dev/zero", "character device");
        Assert.Equal(before, _cli.Header().NextIndex);
    }

    [Fact]
    public void Cp_keeps_each_source_files_mode_without_m_and_cp_r_gives_directories_their_source_modes()
    {
        var file = Local("tree/script", 100, 1);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        var secret = Local("tree/sub/secret", 100, 2);
        File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.SetUnixFileMode(Path.Combine(_scratch, "tree", "sub"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        CliFixture.Expect(0, _cli.Exec("cp", file, "alone"));
        CliFixture.Expect(0, _cli.Exec("cp", "-r", Path.Combine(_scratch, "tree"), "copy"));
        CliFixture.Expect(0, _cli.Exec("cp", "-m", "0600", file, "given"));

        using var fs = OpenReadOnly();
        uint Mode(string path) => fs.Find(path)!.Mode & 0xFFF;
        Assert.Equal(Convert.ToUInt32("750", 8), Mode("alone"));
        Assert.Equal(Convert.ToUInt32("750", 8), Mode("copy/script"));
        Assert.Equal(Convert.ToUInt32("700", 8), Mode("copy/sub"));
        Assert.Equal(Convert.ToUInt32("600", 8), Mode("copy/sub/secret"));
        Assert.Equal(Convert.ToUInt32("600", 8), Mode("given"));
    }

    [Fact]
    public void Cp_r_into_a_missing_destination_parent_is_refused()
    {
        Local("A/f", 100, 3);
        var before = _cli.Header().NextIndex;
        _cli.Exec("cp", "-r", Path.Combine(_scratch, "A"), "bar/foo").AssertOneLineError(ExitCodes.NotFound, "bar", "does not exist");
        Assert.Equal(before, _cli.Header().NextIndex);
    }

    [Fact]
    public void Cp_c_compares_every_copy_with_its_source()
    {
        var a = Local("a", 3_000_001, 4);
        CliFixture.Expect(0, _cli.Exec("cp", "-c", a, "a"));
        CliFixture.Expect(0, _cli.Exec("cp", "--compare", a, "a"));
        AssertContent("a", a);
    }

    [Fact]
    public void A_dangling_symlink_given_alone_is_a_one_line_error_and_logs_nothing()
    {
        File.CreateSymbolicLink(Path.Combine(_scratch, "dangling"), "/nonexistent/famfs-target");
        var before = _cli.Header().NextIndex;

        _cli.Exec("cp", Path.Combine(_scratch, "dangling"), "x")
            .AssertOneLineError(ExitCodes.NotFound, "dangling", "/nonexistent/famfs-target", "does not exist");

        Assert.Equal(before, _cli.Header().NextIndex);
    }

    [Fact]
    public void A_trailing_slash_on_a_missing_destination_is_refused()
    {
        var a = Local("a", 10, 9);
        var before = _cli.Header().NextIndex;

        _cli.Exec("cp", a, "newdir/").AssertOneLineError(ExitCodes.NotFound, "newdir/", "not an existing famfs directory");

        Assert.Equal(before, _cli.Header().NextIndex);
    }

    [RequiresRoot]
    [Fact]
    public void A_copy_that_fails_half_way_names_the_files_it_left_unfilled_and_a_rerun_is_possible()
    {
        // sysfs reports 4096 bytes for its attributes but reads end much sooner: the copy fails
        // after the destinations were created.
        const string Short = "/sys/kernel/mm/transparent_hugepage/enabled";
        Assert.True(File.Exists(Short), $"{Short} is missing: the test needs a file whose reads end before its size");
        var good = Local("good", 10_000, 10);
        CliFixture.Expect(0, _cli.Exec("mkdir", "into"));

        var result = _cli.Exec("cp", "-t", "1", good, Short, "into");

        result.AssertOneLineError(ExitCodes.SystemError, "into/enabled", "not filled completely", "run the same famfs cp again");
        Assert.DoesNotContain("into/good", result.Stderr, StringComparison.Ordinal);
        AssertContent("into/good", good);
    }

    [RequiresRoot]
    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("257")]
    public void A_thread_count_outside_1_to_256_is_refused_before_anything_is_logged(string count)
    {
        var a = Local("a", 10, 11);
        CliFixture.Expect(0, _cli.Exec("creat", "-r", "-s", "4k", "seeded"));
        var before = _cli.Header().NextIndex;

        _cli.Exec("cp", "-t", count, a, "x").AssertOneLineError(ExitCodes.Usage, "threadct", "1 to 256");
        _cli.Exec("creat", "-t", count, "-s", "4k", "y").AssertOneLineError(ExitCodes.Usage, "threadct", "1 to 256");
        _cli.Exec("verify", "--threadct", count, "-S", "0", "-f", "seeded").AssertOneLineError(ExitCodes.Usage, "threadct", "1 to 256");

        Assert.Equal(before, _cli.Header().NextIndex);
    }

    private string Local(string name, int size, int seed)
    {
        var path = Path.Combine(_scratch, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private FamfsFileSystem OpenReadOnly() => FamfsFileSystem.Open(_cli.Device, new FileSystemOptions { ReadOnly = true, SystemUuid = _cli.Master });

    private void AssertContent(string famfsPath, string localPath)
    {
        using var fs = OpenReadOnly();
        using var file = fs.OpenFile(famfsPath);
        var expected = File.ReadAllBytes(localPath);
        Assert.Equal(expected.Length, file.Length);
        Assert.True(expected.AsSpan().SequenceEqual(file.GetReadOnlySpan(0, expected.Length)), $"{famfsPath} differs from {localPath}");
        Assert.IsType<FsFile>(fs.Find(famfsPath));
    }
}
