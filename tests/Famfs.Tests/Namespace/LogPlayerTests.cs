using Famfs.Format;
using Famfs.Log;
using Famfs.Namespace;
using Famfs.Tests.TestSupport;

namespace Famfs.Tests.Namespace;

public class LogPlayerTests
{
    [Fact]
    public void Files_and_directories_are_created_with_inodes_from_their_log_index()
    {
        var (tree, outcomes) = Records.Play(Records.Dir("a"), Records.File("a/f"), Records.Dir("a/b"));
        Assert.All(outcomes, o => Assert.Equal("ok", o.Status));
        Assert.Equal(1, tree.FileCount);
        Assert.Equal(2, tree.DirectoryCount);
        Assert.Equal(3UL, tree.Find("a/f")!.Inode);
        Assert.Same(tree.Find("a/b"), tree.FindByInode(4));
        Assert.Equal(3UL, tree.NextIndex);
    }

    [Fact]
    public void Dotdot_path_is_stored_verbatim_and_resolved_inside_the_root()
    {
        var (tree, outcomes) = Records.Play(Records.Dir("empty_dir"), Records.File("empty_dir/../x"));
        Assert.Equal("ok", outcomes[1].Status);
        var file = Assert.IsType<FsFile>(tree.Find("x"));
        Assert.Equal("empty_dir/../x", file.Entry.Path);
    }

    [Theory]
    [InlineData("/abs/path", "absolute")]
    [InlineData("../escape", "escapes")]
    [InlineData("", "empty")]
    [InlineData("nodir/x", "does not exist")]
    [InlineData("f/x", "is a file")]
    public void Unusable_paths_are_reported_and_skipped(string path, string expected)
    {
        var (tree, outcomes) = Records.Play(Records.File("f"), Records.File(path, 20UL << 20), Records.Dir("after"));
        Assert.Contains(expected, outcomes[1].Problem, StringComparison.Ordinal);
        Assert.Equal("ok", outcomes[2].Status);
        Assert.Equal(1, tree.FileCount);
    }

    [Theory]
    [InlineData(".meta")]
    [InlineData("./.meta")]
    [InlineData("a/../.meta")]
    public void Meta_at_the_root_is_skipped_with_a_warning_not_damage(string path)
    {
        var (tree, outcomes) = Records.Play(Records.Dir("a"), Records.Dir(path), Records.File($"{path}/x"), Records.File(path, 20UL << 20), Records.Dir("after"));

        Assert.All(outcomes.Skip(1).Take(3), o =>
        {
            Assert.True(o.Skipped, o.Status);
            Assert.False(o.IsDamage);
            Assert.StartsWith("skipped: ", o.Status, StringComparison.Ordinal);
            Assert.Contains(".meta", o.Problem, StringComparison.Ordinal);
        });
        Assert.Null(tree.Damage);
        Assert.Null(tree.Find(".meta"));
        Assert.Equal("ok", outcomes[4].Status);
        Assert.Equal(2, tree.DirectoryCount);
        Assert.Equal(5UL, tree.NextIndex);
    }

    [Fact]
    public void A_skipped_meta_file_keeps_its_space()
    {
        var (tree, outcomes) = Records.Play(Records.File(".meta"), Records.File("later")); // both at 10 MiB

        Assert.True(outcomes[0].Skipped);
        Assert.Contains("shares", outcomes[1].Problem, StringComparison.Ordinal);
        Assert.Equal(0, tree.FileCount);
    }

    [Fact]
    public void Meta_below_the_root_is_an_ordinary_name()
    {
        var (tree, outcomes) = Records.Play(Records.Dir("a"), Records.Dir("a/.meta"), Records.File("a/.meta/x"));
        Assert.All(outcomes, o => Assert.Equal("ok", o.Status));
        Assert.IsType<FsFile>(tree.Find("a/.meta/x"));
    }

    [Fact]
    public void A_duplicate_file_is_reported()
    {
        var (_, outcomes) = Records.Play(Records.File("f"), Records.File("f", 20UL << 20));
        Assert.Contains("already exists", outcomes[1].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Mkdir_over_an_existing_directory_is_fine()
    {
        var (tree, outcomes) = Records.Play(Records.Dir("d"), Records.Dir("d"));
        Assert.Equal("ok", outcomes[1].Status);
        Assert.Equal(1, tree.DirectoryCount);
        Assert.Equal(2UL, tree.Find("d")!.Inode);
    }

    [Fact]
    public void Mkdir_over_a_file_is_reported()
    {
        var (_, outcomes) = Records.Play(Records.File("f"), Records.Dir("f"));
        Assert.Contains("already exists as a file", outcomes[1].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_over_a_directory_is_reported()
    {
        var (_, outcomes) = Records.Play(Records.Dir("d"), Records.File("d"));
        Assert.Contains("already exists", outcomes[1].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zero_extent_offset_is_reported_and_skipped()
    {
        var (tree, outcomes) = Records.Play(Records.File("zero", offset: 0));
        Assert.Contains("offset 0", outcomes[0].Problem, StringComparison.Ordinal);
        Assert.Equal(0, tree.FileCount);
    }

    [Theory]
    [InlineData((uint)LogEntryType.Delete, "DELETE")]
    [InlineData((uint)LogEntryType.Invalid, "INVALID")]
    [InlineData(77u, "unknown (77)")]
    public void Delete_invalid_and_unknown_types_are_reported_and_ignored(uint type, string expected)
    {
        var (tree, outcomes) = Records.Play(new OpaqueEntry(type), Records.Dir("after"));
        Assert.Contains(expected, outcomes[0].Problem, StringComparison.Ordinal);
        Assert.Equal("ok", outcomes[1].Status);
        Assert.Equal(1, tree.DirectoryCount);
    }

    [Fact]
    public void Add_daxdev_is_accepted_and_creates_nothing()
    {
        var (tree, outcomes) = Records.Play(new AddDaxdevEntry { DeviceSize = 1UL << 33, DeviceIndex = 1 });
        Assert.Equal("ok", outcomes[0].Status);
        Assert.Equal(0, tree.FileCount + tree.DirectoryCount);
    }

    [Fact]
    public void An_entry_with_a_decode_defect_is_reported_with_it()
    {
        var (_, outcomes) = Records.Play(Records.Dir("d") with { Defect = "path is not NUL-terminated within 80 bytes" });
        Assert.Contains("NUL-terminated", outcomes[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Play_stops_at_the_first_corrupt_record()
    {
        var records = Records.Of(Records.Dir("a"), Records.Dir("b"), Records.Dir("c"));
        records[1] = records[1] with { Corruption = "CRC is 0x1, the bytes give 0x2" };
        var tree = new FsTree();
        var outcomes = LogPlayer.Play(tree, records, Famfs.Tests.TestSupport.Records.Admission());
        Assert.Equal(2, outcomes.Count);
        Assert.Contains("log play stops here", outcomes[1].Problem, StringComparison.Ordinal);
        Assert.Equal(1UL, tree.NextIndex);
        Assert.Null(tree.Find("c"));
    }

    [Fact]
    public void A_second_play_continues_from_next_index()
    {
        var records = Records.Of(Records.Dir("a"), Records.Dir("a/b"));
        var tree = new FsTree();
        LogPlayer.Play(tree, records.Take(1), Famfs.Tests.TestSupport.Records.Admission());
        var outcomes = LogPlayer.Play(tree, records.Skip((int)tree.NextIndex), Famfs.Tests.TestSupport.Records.Admission());
        Assert.Single(outcomes);
        Assert.Equal("ok", outcomes[0].Status);
        Assert.NotNull(tree.Find("a/b"));
    }

    [Fact]
    public void Records_are_decoded_from_a_path_without_nul()
    {
        var bytes = new byte[FormatConstants.LogEntrySize];
        LogEntryCodec.Encode(Records.Dir("d"), bytes);
        bytes.AsSpan(28, 80).Fill((byte)'z');
        var record = new LogRecord(0, LogEntryCodec.Decode(bytes), null);
        var outcomes = LogPlayer.Play(new FsTree(), [record], Famfs.Tests.TestSupport.Records.Admission());
        Assert.Contains("NUL-terminated within 80 bytes", outcomes[0].Problem, StringComparison.Ordinal);
    }
}
