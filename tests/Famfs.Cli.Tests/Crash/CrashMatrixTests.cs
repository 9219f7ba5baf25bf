using Famfs.Cli.Tests.FileCommands.Support;
using Famfs.Cli.Tests.Mount.Support;
using Famfs.Files;
using Famfs.Cli.Tests.TestSupport;

namespace Famfs.Cli.Tests.Crash;

/// <summary>
/// The crash matrix: the real CLI (and daemon) killed with SIGKILL at each named step of the
/// writes that must survive a crash (FAMFS_CRASH_AT, src/Famfs/Diagnostics/CrashPoint.cs).
/// Afterwards fsck is clean, every acknowledged file verifies, no space is used twice, and
/// the next command of the same kind completes.
/// </summary>
[Collection(CliCollection.Name)]
public sealed class CrashMatrixTests
{
    /// <summary>What .NET reports for a child killed by signal 9.</summary>
    private const int KilledBySigkill = 128 + 9;

    [RequiresRoot]
    [Theory]
    [InlineData("append.entry-written")]
    [InlineData("append.seqnum-written")]
    public void A_create_killed_mid_append_leaves_a_clean_log_and_every_acknowledged_file(string point)
    {
        using var cli = new CliFixture();
        CliFixture.Expect(0, cli.Exec("creat", "-s", "3m", "-r", "-S", "11", "acked"));

        AssertKilled(cli.Run(["creat", "-D", cli.Device, "-s", "1m", "killed"], crashAt: point), point);

        cli.AssertFsckClean();
        CliFixture.Expect(0, cli.Exec("verify", "-S", "11", "-f", "acked"));
        // The entry was complete before the kill: it is committed, rolled forward, never overwritten.
        CliFixture.Expect(0, cli.Exec("creat", "-s", "3m", "-r", "-S", "12", "after"));
        cli.AssertFsckClean();
        Assert.Empty(cli.Fsck().CrossLinks);
        CliFixture.Expect(0, cli.Exec("verify", "-S", "11", "-f", "acked"));
        CliFixture.Expect(0, cli.Exec("verify", "-S", "12", "-f", "after"));
        using var fs = FamfsFileSystem.Open(cli.Device, new FileSystemOptions { ReadOnly = true, SystemUuid = cli.Master });
        Assert.NotNull(fs.Find("killed"));
    }

    [RequiresRoot]
    [Fact]
    public void A_cp_killed_after_its_first_chunk_leaves_a_clean_log_and_a_rerun_completes_the_copy()
    {
        using var cli = new CliFixture();
        CliFixture.Expect(0, cli.Exec("creat", "-s", "2m", "-r", "-S", "21", "acked"));
        var source = Path.Combine(cli.ScratchDirectory(), "big.bin");
        var bytes = new byte[3 << 20];
        new Random(7).NextBytes(bytes);
        File.WriteAllBytes(source, bytes);

        AssertKilled(cli.Run(["cp", "-D", cli.Device, source, "big.bin"], crashAt: "cp.chunk-copied"), "cp.chunk-copied");

        cli.AssertFsckClean();
        CliFixture.Expect(0, cli.Exec("verify", "-S", "21", "-f", "acked"));
        CliFixture.Expect(0, cli.Exec("cp", source, "big.bin")); // same size: copied over
        Assert.Equal(bytes, ReadBack(cli, "big.bin"));
        cli.AssertFsckClean();
    }

    [RequiresRoot]
    [Theory]
    [InlineData("mkfs.log-emptied", 1)]   // the old entries are still committed: the old file system, whole
    [InlineData("mkfs.slots-cleared", 0)] // the old file system, emptied
    public void A_mkfs_force_killed_before_its_commit_leaves_the_old_file_system(string point, int filesLeft)
    {
        using var cli = new CliFixture();
        CliFixture.Expect(0, cli.Exec("creat", "-s", "1m", "old"));
        AssertKilled(cli.Run(["mkfs", "-f", cli.Device], crashAt: point), point);

        cli.AssertFsckClean();
        using (var fs = FamfsFileSystem.Open(cli.Device, new FileSystemOptions { ReadOnly = true, SystemUuid = cli.Master }))
        {
            Assert.Equal(filesLeft, fs.Tree.Files().Count());
        }

        CliFixture.Expect(0, cli.Run(["mkfs", "-f", cli.Device]));
        cli.AssertFsckClean();
    }

    [Fact]
    public void A_mkfs_killed_between_its_magic_stores_leaves_a_device_a_plain_mkfs_formats()
    {
        using var cli = new CliFixture();
        AssertKilled(cli.Run(["mkfs", "-f", cli.Device], crashAt: "mkfs.magic-cleared"), "mkfs.magic-cleared");

        Assert.False(cli.Fsck().Clean); // the one window: no superblock magic
        CliFixture.Expect(0, cli.Run(["mkfs", cli.Device])); // no --force needed
        cli.AssertFsckClean();
    }

    [RequiresRoot]
    [Theory]
    [InlineData("mount.claimed")]
    [InlineData("mount.mounted")]
    public void A_daemon_killed_while_mounting_is_cleaned_by_umount_and_the_next_mount_serves_every_file(string point)
    {
        using var rig = new MountRig();
        CliFixture.Expect(0, rig.Cli.Exec("creat", "-s", "2m", "-r", "-S", "31", "acked"));
        var mountPoint = rig.NewMountPoint("crash");

        var mount = rig.Cli.Run(["mount", rig.Device, mountPoint], crashAt: point);
        // Killed before it published its mount, the daemon fails the mount; killed after, the
        // mount was reported and is now dead (ENOTCONN). Either way umount must clean it.
        Assert.True(point == "mount.mounted" || mount.ExitCode != 0, $"mount with its daemon killed at {point} reported success: {mount}");

        rig.Famfs(["umount", mountPoint]); // cleans a dead mount; nothing to do when none was made
        Assert.False(MountRig.IsMounted(mountPoint), $"{mountPoint} is still mounted after famfs umount");
        rig.Cli.AssertFsckClean();
        CliFixture.Expect(0, rig.Famfs(["mount", rig.Device, mountPoint]));
        Assert.Equal(ReadBack(rig.Cli, "acked"), File.ReadAllBytes(Path.Combine(mountPoint, "acked")));
        CliFixture.Expect(0, rig.Famfs(["umount", mountPoint]));
    }

    private static void AssertKilled(CliResult result, string point) =>
        Assert.True(result.ExitCode == KilledBySigkill, $"famfs was to be killed at {point} (exit {KilledBySigkill}), got {result}");

    private static byte[] ReadBack(CliFixture cli, string path)
    {
        using var fs = FamfsFileSystem.Open(cli.Device, new FileSystemOptions { ReadOnly = true, SystemUuid = cli.Master });
        using var file = fs.OpenFile(path);
        var bytes = new byte[file.Length];
        file.Read(0, bytes);
        return bytes;
    }
}
