using Famfs.Errors;
using Famfs.Files;
using Famfs.Format;
using Famfs.Namespace;
using Famfs.Tests.Files.Support;

namespace Famfs.Tests.Files;

/// <summary>
/// Every way a create can fail: the right errno, a message that says what and why, nothing
/// logged (next_index unchanged), no space leaked, and fsck clean afterwards.
/// </summary>
public sealed class CreateFailureTests
{
    /// <summary>Runs <paramref name="create"/>, expects <paramref name="errno"/>, and checks the log did not move.</summary>
    private static FamfsException AssertRefused(ShmFileSystem shm, Errno errno, Action create, params string[] mentions)
    {
        var before = shm.Header();
        var hash = shm.MetadataHash();
        var e = Assert.ThrowsAny<FamfsException>(create);
        Assert.True(errno == e.Errno, $"expected {errno}, got {e.Errno}: {e.OneLine}");
        Assert.All(mentions, m => Assert.Contains(m, e.Message, StringComparison.Ordinal));
        Assert.Equal(before.NextIndex, shm.Header().NextIndex);
        Assert.Equal(before.NextSeqnum, shm.Header().NextSeqnum);
        Assert.Equal(hash, shm.MetadataHash());
        return e;
    }

    [Fact]
    public void Size_zero_is_EINVAL()
    {
        using var shm = new ShmFileSystem();
        using var fs = shm.Open();
        AssertRefused(shm, Errno.EINVAL, () => fs.CreateFile("empty", 0), "'empty'", "size 0");
        shm.AssertFsckClean();
    }

    [Fact]
    public void A_negative_size_is_EINVAL_alone_or_in_a_batch_and_logs_nothing()
    {
        using var shm = new ShmFileSystem();
        using var fs = shm.Open();
        AssertRefused(shm, Errno.EINVAL, () => fs.CreateFile("negative", -1), "negative", "-1 bytes");
        AssertRefused(shm, Errno.EINVAL, () => fs.CreateFiles([("batch", long.MinValue)]), "batch", "negative");
        shm.AssertFsckClean();
    }

    [Fact]
    public void Path_longer_than_79_bytes_is_ENAMETOOLONG_and_79_is_fine()
    {
        using var shm = new ShmFileSystem();
        using var fs = shm.Open();
        fs.CreateDirectory("dir");
        var longest = "dir/" + new string('x', FormatConstants.MaxPathBytes - 4);
        AssertRefused(shm, Errno.ENAMETOOLONG, () => fs.CreateFile(longest + "y", 1), "longer than 79 bytes");
        AssertRefused(shm, Errno.ENAMETOOLONG, () => fs.CreateDirectory(new string('d', 80)), "longer than 79 bytes");
        // Multi-byte UTF-8: 40 × 'é' is 80 bytes though only 40 characters.
        AssertRefused(shm, Errno.ENAMETOOLONG, () => fs.CreateFile(new string('é', 40), 1), "longer than 79 bytes");

        Assert.Equal(79, fs.CreateFile(longest, 1).Path.Length);
        shm.AssertFsckClean();
    }

    [Fact]
    public void Missing_parent_is_ENOENT()
    {
        using var shm = new ShmFileSystem();
        using var fs = shm.Open();
        var e = AssertRefused(shm, Errno.ENOENT, () => fs.CreateFile("nodir/file", 1), "nodir/file");
        Assert.Contains("mkdir", e.Remedy, StringComparison.Ordinal);
        AssertRefused(shm, Errno.ENOENT, () => fs.CreateDirectory("a/b/c"), "a/b/c");

        fs.CreateFile("plain", 1);
        Assert.NotEqual(Errno.EEXIST, AssertRefused(shm, Errno.ENOENT, () => fs.CreateFile("plain/child", 1), "plain/child").Errno);
        shm.AssertFsckClean();
    }

    [Fact]
    public void An_existing_name_is_EEXIST_for_files_and_directories()
    {
        using var shm = new ShmFileSystem();
        using var fs = shm.Open();
        fs.CreateDirectory("d");
        fs.CreateFile("d/f", 100);
        using var other = shm.Open(); // a second instance that has the names only through the log

        AssertRefused(shm, Errno.EEXIST, () => fs.CreateFile("d/f", 100), "'d/f' already exists");
        AssertRefused(shm, Errno.EEXIST, () => other.CreateFile("d/f", 5), "'d/f' already exists");
        AssertRefused(shm, Errno.EEXIST, () => other.CreateFile("d", 5), "'d' already exists");
        AssertRefused(shm, Errno.EEXIST, () => other.CreateDirectory("d"), "'d' already exists");
        AssertRefused(shm, Errno.EEXIST, () => other.CreateDirectory("d/f", parents: true), "'d/f' already exists");
        AssertRefused(shm, Errno.EEXIST, () => other.CloneForTesting("d/f", "d"), "'d' already exists");
        shm.AssertFsckClean();
    }

    [Fact]
    public void Meta_at_the_root_is_reserved_for_every_create()
    {
        using var shm = new ShmFileSystem();
        using var fs = shm.Open();
        fs.CreateDirectory("d");
        foreach (var create in new Action[]
        {
            () => fs.CreateDirectory(".meta"),
            () => fs.CreateDirectory("./.meta/x", parents: true),
            () => fs.CreateFile(".meta", 1),
            () => fs.CreateFile("/.meta/.log", 1),
            () => fs.CreateFiles([(".meta", 1)]),
            () => fs.CreateAll([NewEntry.Directory(".meta")]),
        })
        {
            var e = AssertRefused(shm, Errno.EINVAL, create, "'.meta'", "reserved");
            Assert.Contains("another name", e.Remedy, StringComparison.Ordinal);
        }

        fs.CreateDirectory("d/.meta"); // only the root's .meta is the mount's
        shm.AssertFsckClean();
    }

    [Theory]
    [InlineData("newf/")]
    [InlineData("d/newf//")]
    public void A_trailing_slash_never_creates_a_file(string path)
    {
        using var shm = new ShmFileSystem();
        using var fs = shm.Open();
        fs.CreateDirectory("d");
        var e = AssertRefused(shm, Errno.EISDIR, () => fs.CreateFile(path, 4096), "trailing '/'", "directory");
        Assert.Contains("mkdir", e.Remedy, StringComparison.Ordinal);
        AssertRefused(shm, Errno.EISDIR, () => fs.CreateFiles([(path, 4096)]), "trailing '/'");
        AssertRefused(shm, Errno.EISDIR, () => fs.CreateAll([NewEntry.File(path, 4096)]), "trailing '/'");
        Assert.Null(fs.Find(path.TrimEnd('/')));
    }

    [Fact]
    public void CreateAll_logs_nothing_when_any_entry_would_fail()
    {
        using var shm = new ShmFileSystem(4 * Units.GiB); // 2043 free units of 2 MiB
        using var fs = shm.Open();
        fs.CreateDirectory("d");
        fs.CreateFile("d/f", 100);
        NewEntry[] good = [NewEntry.Directory("t"), NewEntry.Directory("t/u"), NewEntry.File("t/u/a", 10), NewEntry.File("t/b", 10)];

        AssertRefused(shm, Errno.EEXIST, () => fs.CreateAll([.. good, NewEntry.File("d/f", 100)]), "'d/f' already exists");
        AssertRefused(shm, Errno.EEXIST, () => fs.CreateAll([.. good, NewEntry.File("t/b", 10)]), "'t/b' already exists");
        AssertRefused(shm, Errno.EEXIST, () => fs.CreateAll([.. good, NewEntry.File("t/u", 10)]), "'t/u' already exists as a directory");
        AssertRefused(shm, Errno.EEXIST, () => fs.CreateAll([.. good, NewEntry.Directory("d/f")]), "'d/f' already exists");
        AssertRefused(shm, Errno.ENOENT, () => fs.CreateAll([.. good, NewEntry.File("t/none/x", 10)]), "parent directory 't/none' does not exist");
        AssertRefused(shm, Errno.ENOTDIR, () => fs.CreateAll([.. good, NewEntry.File("t/b/x", 10)]), "'t/b' is a file");
        AssertRefused(shm, Errno.ENAMETOOLONG, () => fs.CreateAll([.. good, NewEntry.File(new string('x', 80), 10)]), "longer than 79 bytes");
        AssertRefused(shm, Errno.EINVAL, () => fs.CreateAll([.. good, NewEntry.File("t/empty", 0)]), "size 0");
        AssertRefused(shm, Errno.ENOSPC, () => fs.CreateAll([.. good, NewEntry.File("t/x", 1000 * 2 * Units.MiB), NewEntry.File("t/y", 1044 * 2 * Units.MiB)]),
            "free", "need at least");

        var nodes = fs.CreateAll([NewEntry.Directory("d"), .. good, NewEntry.Directory("t/u")]);
        Assert.Equal(["d", "t", "t/u", "t/u/a", "t/b", "t/u"], nodes.Select(n => n.Path));
        Assert.Equal(6UL, shm.Header().NextIndex); // d, d/f and four new entries: existing directories are taken as they are
        shm.AssertFsckClean();
    }

    [Fact]
    public void CreateAll_refuses_a_batch_the_log_cannot_hold()
    {
        using var shm = new ShmFileSystem();
        using var fs = shm.Open();
        var capacity = shm.Header().Capacity;
        var entries = Enumerable.Range(0, (int)capacity + 1).Select(i => NewEntry.Directory($"d{i}")).ToList();

        var e = AssertRefused(shm, Errno.ENOSPC, () => fs.CreateAll(entries), $"room for {capacity} more entries");
        Assert.Contains("--loglen", e.Remedy, StringComparison.Ordinal);
        Assert.Equal((int)capacity, fs.CreateAll(entries[..^1]).Count);
    }

    [Fact]
    public void A_full_device_is_ENOSPC_and_claims_nothing()
    {
        using var shm = new ShmFileSystem(4 * Units.GiB); // 2048 units, 5 reserved
        using var fs = shm.Open();
        const ulong free = 2043 * 2 * Units.MiB;
        AssertRefused(shm, Errno.ENOSPC, () => fs.CreateFile("too-big", (long)free + 1), $"{free + 1} bytes");

        // Nothing was claimed by the failed attempt: the whole free space is still one run.
        var all = fs.CreateFile("all", (long)free);
        Assert.Equal(10 * Units.MiB, all.Map.DeviceExtents[0].Offset);
        var e = AssertRefused(shm, Errno.ENOSPC, () => fs.CreateFile("one-more", 1), "0 of 2048 allocation units are free");
        Assert.NotNull(e.Remedy);
        using var other = shm.Open();
        AssertRefused(shm, Errno.ENOSPC, () => other.CreateFile("one-more", 1));
        other.CreateDirectory("dirs-need-no-space");
        shm.AssertFsckClean();
    }

    [Fact]
    public void A_client_is_refused_with_EPERM_naming_master_and_client()
    {
        using var shm = new ShmFileSystem();
        var client = Guid.NewGuid();
        using var fs = shm.Open(host: client);
        Assert.Equal(Famfs.Identity.Role.Client, fs.Role);
        foreach (var create in new Action[] { () => fs.CreateFile("f", 1), () => fs.CreateDirectory("d"), () => fs.CreateDirectory("d", parents: true) })
        {
            var e = AssertRefused(shm, Errno.EPERM, create, shm.Master.ToString(), client.ToString());
            Assert.IsType<NotMasterException>(e);
        }

        shm.AssertFsckClean();
    }

    [Fact]
    public void A_full_log_is_ENOSPC_nothing_is_logged_and_fsck_stays_clean()
    {
        // 15,420 one-unit files need 30 GiB of (sparse) device beyond the metadata.
        using var shm = new ShmFileSystem(32 * Units.GiB);
        using var fs = shm.Open();
        var capacity = shm.Header().Capacity;
        Assert.Equal(15_420UL, capacity);
        for (var d = 0; d < 20; d++)
        {
            fs.CreateDirectory($"d{d}");
        }

        for (var i = 0UL; i < capacity - 20; i++)
        {
            fs.CreateFile($"d{i % 20}/f{i}", (long)(1 + (i % 4096)));
        }

        var header = shm.Header();
        Assert.True(header.IsFull);
        Assert.Equal(capacity, header.NextIndex);
        Assert.Equal((int)capacity - 20, fs.Tree.FileCount);

        var e = AssertRefused(shm, Errno.ENOSPC, () => fs.CreateFile("late", 1), "log", "full", "15420 entries");
        Assert.Contains("--loglen", e.Remedy, StringComparison.Ordinal);
        AssertRefused(shm, Errno.ENOSPC, () => fs.CreateDirectory("late-dir"), "full");
        AssertRefused(shm, Errno.ENOSPC, () => fs.CloneForTesting("d0/f0", "late-clone"), "full");
        using var other = shm.Open();
        AssertRefused(shm, Errno.ENOSPC, () => other.CreateFile("late", 1), "full");
        Assert.Null(fs.Find("late"));
        Assert.IsType<FsFile>(other.Find($"d19/f{capacity - 21}"));

        var report = shm.AssertFsckClean();
        Assert.Empty(report.CrossLinks);
    }
}
