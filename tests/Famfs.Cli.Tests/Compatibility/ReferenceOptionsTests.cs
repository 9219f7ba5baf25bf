using Famfs.Cli.Tests.FileCommands.Support;

namespace Famfs.Cli.Tests.Compatibility;

/// <summary>
/// The reference famfs's options and exit codes that its scripts rely on: every one is accepted
/// (a kernel-module-only one with a one-line note), never "unknown option".
/// </summary>
[Collection(CliCollection.Name)]
public sealed class ReferenceOptionsTests : IDisposable
{
    private readonly CliFixture _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void No_command_exits_1_and_an_unknown_command_exits_3_as_in_the_reference()
    {
        _cli.Run([]).AssertOneLineError(1, "missing command");
        _cli.Run(["frobnicate"]).AssertOneLineError(ExitCodes.UnknownCommand, "unknown command 'frobnicate'");
        Assert.Contains("--dryrun ignored", CliFixture.Expect(0, _cli.Run(["--dryrun", "fsck", _cli.Device])).Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Mkfs_accepts_the_reference_mode_flags_with_one_note_each_and_verbose_says_more()
    {
        var made = CliFixture.Expect(0, _cli.Run(["mkfs", "-f", "--fuse", "-F", "-D", "-M", "--verbose", _cli.Device]));
        Assert.Equal(4, made.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.All(made.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.Contains("ignored", line, StringComparison.Ordinal));
        Assert.Contains("device uuid", made.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Fsck_accepts_the_reference_options_and_refuses_mmap_with_read()
    {
        CliFixture.Expect(0, _cli.Run(["fsck", "--fuse", "--nofuse", "--nodax", "-m", "-f", "-B", "4", "-M", "-L", _cli.Device]));
        Assert.Contains("--set-daxmode ignored", CliFixture.Expect(0, _cli.Run(["fsck", "--set-daxmode", "--load-module", _cli.Device])).Stderr, StringComparison.Ordinal);
        CliFixture.Expect(0, _cli.Run(["fsck", "-r", _cli.Device]));
        _cli.Run(["fsck", "-m", "-r", _cli.Device]).AssertOneLineError(ExitCodes.Usage, "mutually exclusive");
    }

    [Fact]
    public void Fsck_prints_the_reference_labels_with_the_device_capacity_as_third_field()
    {
        CliFixture.Expect(0, _cli.Exec("mkdir", "d"));
        CliFixture.Expect(0, _cli.Exec("creat", "-s", "3m", "d/f"));
        var plain = CliFixture.Expect(0, _cli.Run(["fsck", _cli.Device])).Stdout.Split('\n');
        string[] Fields(string label) => plain.Single(l => l.Contains(label, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal((4UL << 30).ToString(System.Globalization.CultureInfo.InvariantCulture), Fields("Device capacity:")[2]); // awk '{print $3}'
        Assert.Equal("3145728", Fields("Sum of file sizes:")[^1]);
        Assert.Equal("4194304", Fields("Allocated bytes:")[^1]);
        foreach (var label in new[] { "Bitmap capacity:", "Free space:", "Space amplification:", "Percent used:", "2 of 15420 entries used", "1 files", "1 directories" })
        {
            Assert.Contains(plain, l => l.Contains(label, StringComparison.Ordinal));
        }

        var human = CliFixture.Expect(0, _cli.Run(["fsck", "-h", _cli.Device])).Stdout;
        Assert.Contains("Device capacity:        4.00G", human, StringComparison.Ordinal);
        Assert.Contains("Allocated space:        0.00G", human, StringComparison.Ordinal);
    }

    [Fact]
    public void Getmap_takes_several_files_and_c_goes_on_after_one_that_fails()
    {
        CliFixture.Expect(0, _cli.Exec("creat", "-s", "4k", "a"));
        CliFixture.Expect(0, _cli.Exec("creat", "-s", "4k", "b"));
        var both = CliFixture.Expect(0, _cli.Exec("getmap", "a", "b"));
        Assert.Contains("File:     a", both.Stdout, StringComparison.Ordinal);
        Assert.Contains("File:     b", both.Stdout, StringComparison.Ordinal);

        var stops = CliFixture.Expect(2, _cli.Exec("getmap", "missing", "a"));
        Assert.DoesNotContain("File:     a", stops.Stdout, StringComparison.Ordinal);
        var goesOn = CliFixture.Expect(2, _cli.Exec("getmap", "-c", "missing", "a"));
        Assert.Contains("File:     a", goesOn.Stdout, StringComparison.Ordinal);
        Assert.Empty(CliFixture.Expect(2, _cli.Exec("getmap", "-q", "-c", "missing", "a")).Stdout);
    }

    [Fact]
    public void Chkread_s_and_l_compare_the_superblock_and_the_log_read_and_mapped_and_clone_v_says_what_it_logged()
    {
        Assert.Contains("superblock", CliFixture.Expect(0, _cli.Exec("chkread", "-s", ".meta/.superblock")).Stdout, StringComparison.Ordinal);
        Assert.Contains("log", CliFixture.Expect(0, _cli.Exec("chkread", "-l", ".meta/.log")).Stdout, StringComparison.Ordinal);
        CliFixture.Expect(0, _cli.Exec("creat", "-s", "4k", "src"));
        Assert.Contains("'dst'", CliFixture.Expect(0, _cli.Exec("clone", "-v", "src", "dst")).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Mkdir_p_of_the_root_succeeds_mkdir_of_it_fails_and_flush_of_the_meta_files_succeeds()
    {
        CliFixture.Expect(0, _cli.Exec("mkdir", "-p", "/"));
        _cli.Exec("mkdir", "/").AssertOneLineError(ExitCodes.Exists, "root");
        CliFixture.Expect(0, _cli.Exec("creat", "-s", "4k", "f"));
        CliFixture.Expect(0, _cli.Exec("flush", ".meta/.superblock", ".meta/.log", "f"));
    }

    [Fact]
    public void Logplay_accepts_the_read_options_but_not_mmap_with_read_nor_daxdev_without_shadow()
    {
        CliFixture.Expect(0, _cli.Run(["logplay", "-n", "-m", "-c", "-M", _cli.Device]));
        Assert.Contains("--set-daxmode ignored", CliFixture.Expect(0, _cli.Run(["logplay", "-n", "--set-daxmode", _cli.Device])).Stderr, StringComparison.Ordinal);
        _cli.Run(["logplay", "-n", "-m", "-r", _cli.Device]).AssertOneLineError(ExitCodes.Usage, "mutually exclusive");
        _cli.Run(["logplay", "--daxdev", _cli.Device, "/tmp"]).AssertOneLineError(ExitCodes.Usage, "--shadow");
    }

    [Fact]
    public void Logplay_shadow_writes_a_directory_per_directory_and_the_reference_yaml_per_file_and_shadowtest_reads_them_back()
    {
        CliFixture.Expect(0, _cli.Exec("mkdir", "d"));
        CliFixture.Expect(0, _cli.Exec("creat", "-s", "1m", "-m", "0640", "d/f"));
        CliFixture.Expect(0, _cli.Exec("creat", "-s", "4m", "-N", "2", "-B", "2", "striped"));
        var root = Path.Combine(_cli.ScratchDirectory(), "root");

        CliFixture.Expect(0, _cli.Run(["logplay", "--shadow", root, "--daxdev", _cli.Device]));
        CliFixture.Expect(0, _cli.Run(["logplay", "-S", root, "-s", "-d", _cli.Device])); // again, over the existing tree

        Assert.True(Directory.Exists(Path.Combine(root, "d")));
        var yaml = File.ReadAllLines(Path.Combine(root, "d", "f"));
        Assert.Equal(["---", "file:", "  path: d/f", "  size: 1048576", "  flags: 2", "  mode: 0640", "  uid: 0", "  gid: 0", "  nextents: 1", "  simple_ext_list:"], yaml[..10]);
        Assert.StartsWith("  - offset: 0x", yaml[10], StringComparison.Ordinal);
        Assert.Equal(["    length: 0x200000", "..."], yaml[11..]);
        var striped = File.ReadAllText(Path.Combine(root, "striped"));
        Assert.Contains("  striped_ext_list:\n  - nstrips: 2\n    chunk_size: 0x200000\n    simple_ext_list:\n    - offset: 0x", striped, StringComparison.Ordinal);

        _cli.Run(["logplay", "-S", Path.Combine(root, "missing", "x"), "-d", _cli.Device]).AssertOneLineError(ExitCodes.NotFound, "parent");
        _cli.Run(["logplay", "-S", "/etc/passwd", "-d", _cli.Device]).AssertOneLineError(ExitCodes.NotFound, "not a directory");
        _cli.Run(["logplay", "-S", root, "-d", "/dev/bogodax"]).AssertReportedFailure("/dev/bogodax");
    }

    [Fact]
    public void Mkmeta_of_a_device_that_is_not_mounted_says_famfs_mount_makes_the_meta_files()
    {
        _cli.Run(["mkmeta", _cli.Device]).AssertOneLineError(ExitCodes.NotFound, "not mounted", "famfs mount");
    }
}
