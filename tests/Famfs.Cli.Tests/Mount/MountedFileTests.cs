using Famfs.Cli.Tests.FileCommands.Support;
using Famfs.Cli.Tests.Mount.Support;
using Famfs.Files;
using Famfs.Namespace;

namespace Famfs.Cli.Tests.Mount;

/// <summary>mkfs, mount, cp in through the mount path, and ordinary tools reading it back (real processes).</summary>
[Collection(CliCollection.Name)]
[RequiresRoot]
public sealed class MountedFileTests
{
    [Fact]
    public void Files_copied_in_through_the_mount_read_back_with_cat_and_cmp_and_show_their_logged_attributes()
    {
        using var rig = new MountRig();
        CliFixture.Expect(0, rig.Famfs(["mkfs", "-f", rig.Device]));
        var mount = rig.Mount("m");

        var sources = new[] { ("small.txt", 100), ("one-page.bin", 4096), ("odd.bin", 3_000_001), ("big.bin", 9 << 20) }
            .Select(f => (Name: f.Item1, Local: LocalFile(rig, f.Item1, f.Item2))).ToList();
        CliFixture.Expect(0, rig.Famfs(["mkdir", Path.Combine(mount, "dir")]));
        foreach (var (name, local) in sources)
        {
            CliFixture.Expect(0, rig.Famfs(["cp", local, Path.Combine(mount, name)]));
        }

        CliFixture.Expect(0, rig.Famfs(["cp", "-m", "0640", "-u", "1234", "-g", "5678", sources[0].Local, Path.Combine(mount, "dir", "owned.txt")]));

        foreach (var (name, local) in sources)
        {
            var inMount = Path.Combine(mount, name);
            var cmp = Shell.Run("cmp", [local, inMount]);
            Assert.True(cmp.ExitCode == 0, $"cmp {local} {inMount}: {cmp.StdOut}{cmp.StdErr}");
        }

        Assert.Equal(File.ReadAllText(sources[0].Local), Shell.RunChecked("cat", [Path.Combine(mount, "dir", "owned.txt")], "cat through the mount").StdOut);

        // stat of every file and directory matches what the log says.
        using var fs = FamfsFileSystem.Open(rig.Device, new FileSystemOptions { ReadOnly = true });
        foreach (var path in sources.Select(s => s.Name).Append("dir/owned.txt").Append("dir"))
        {
            var node = fs.Tree.Find(path) ?? throw new InvalidOperationException($"{path} is not in the log");
            var size = node is FsFile file ? file.Size : 0;
            var expected = $"{Convert.ToString(node.Mode & 0xFFF, 8)} {node.Uid} {node.Gid} {size} {(node is FsFile ? "regular file" : "directory")}";
            var stat = Shell.RunChecked("stat", ["-c", "%a %u %g %s %F", Path.Combine(mount, path)], $"stat {path}").StdOut.Trim();
            Assert.Equal(expected, stat);
        }

        Assert.Equal("640 1234 5678 100", Shell.RunChecked("stat", ["-c", "%a %u %g %s", Path.Combine(mount, "dir", "owned.txt")], "stat").StdOut.Trim());
        // .famfs: the shared host area the master's mount created (docs/SHARED-STATE.md).
        Assert.Equal([".famfs", ".meta", "big.bin", "dir", "odd.bin", "one-page.bin", "small.txt"], Directory.GetFileSystemEntries(mount).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(Head(rig.Device), Head(Path.Combine(mount, ".meta", ".superblock")));

        CliFixture.Expect(0, rig.Famfs(["umount", mount]));
        Assert.False(MountRig.IsMounted(mount));
        Assert.True(MountRig.WaitFor(() => rig.LiveDaemons().Count == 0, TimeSpan.FromSeconds(10)), "the daemon outlived famfs umount");
        Assert.False(rig.AnyClaimHeld(), "the device is still claimed after famfs umount");
        rig.Cli.AssertFsckClean();
    }

    [Fact]
    public void Check_logplay_and_fsck_work_on_the_mount_point()
    {
        using var rig = new MountRig();
        // A long poll interval: logplay, not the poller, is what plays the --device entry below.
        var mount = rig.Mount("m", pollSeconds: 600);
        CliFixture.Expect(0, rig.Famfs(["creat", "-r", "-s", "3m", Path.Combine(mount, "seeded")]));

        var check = CliFixture.Expect(0, rig.Famfs(["check", mount]));
        Assert.Contains("no problems", check.Stdout + check.Stderr, StringComparison.Ordinal);

        // A file logged with --device (not through the mount) is played by logplay MOUNTPOINT.
        CliFixture.Expect(0, rig.Cli.Exec("creat", "-s", "1m", "via-device"));
        var play = CliFixture.Expect(0, rig.Famfs(["logplay", mount]));
        Assert.Contains("'via-device'", play.Stdout, StringComparison.Ordinal);
        Assert.Contains("played 1 new log entries (0 bad)", play.Stdout, StringComparison.Ordinal);
        Assert.Equal("1048576", Shell.RunChecked("stat", ["-c", "%s", Path.Combine(mount, "via-device")], "stat").StdOut.Trim());
        var again = CliFixture.Expect(0, rig.Famfs(["logplay", mount]));
        Assert.Contains("played 0 new log entries", again.Stdout, StringComparison.Ordinal);

        var fsck = CliFixture.Expect(0, rig.Famfs(["fsck", mount]));
        Assert.Contains("no errors found", fsck.Stdout, StringComparison.Ordinal);
        Assert.Contains(rig.Device, fsck.Stdout, StringComparison.Ordinal);
        Assert.Contains("5 files", fsck.Stdout, StringComparison.Ordinal); // and the shared area's three
    }

    private static byte[] Head(string path)
    {
        using var handle = File.OpenHandle(path);
        var bytes = new byte[4096];
        Assert.Equal(bytes.Length, RandomAccess.Read(handle, bytes, 0));
        return bytes;
    }

    private static string LocalFile(MountRig rig, string name, int length)
    {
        var path = rig.ExtraFile(name);
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
