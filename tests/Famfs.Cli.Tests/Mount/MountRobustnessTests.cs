using System.Diagnostics;
using Famfs.Cli.Tests.FileCommands.Support;
using Famfs.Cli.Tests.Mount.Support;
using Famfs.Mounts;
using Famfs.Cli.Tests.TestSupport;

namespace Famfs.Cli.Tests.Mount;

/// <summary>
/// Mounts in the ways that went wrong: on a symlink, from a device path with a comma, without
/// libfuse, over a log that holds .meta; umount of what is not ours; commands given paths in a
/// mount whose daemon was killed, or run by a user who may not read the mount records.
/// </summary>
[Collection(CliCollection.Name)]
[RequiresRoot]
public sealed class MountRobustnessTests
{
    [Fact]
    public void Umount_refuses_a_mount_that_is_not_famfs_even_a_busy_one()
    {
        using var rig = new MountRig();
        var tmpfs = rig.NewMountPoint("tmpfs");
        Shell.RunChecked("mount", ["-t", "tmpfs", "famfs-test-tmpfs", tmpfs], "mount a tmpfs");
        var holder = rig.StartHelper("sh", ["-c", "echo ready; exec sleep 60"], tmpfs);
        Assert.Equal("ready", holder.StandardOutput.ReadLine());

        rig.Famfs(["umount", tmpfs]).AssertOneLineError(ExitCodes.Usage, tmpfs, "tmpfs mount, not a famfs mount");

        Assert.Equal("tmpfs", FamfsMountTable.MountedType(tmpfs));
    }

    [Fact]
    public void A_symlinked_mount_point_mounts_its_directory_and_umount_through_the_link_works_also_after_a_kill()
    {
        using var rig = new MountRig();
        var real = rig.NewMountPoint("real");
        var link = Path.Combine(Path.GetDirectoryName(real)!, "link");
        File.CreateSymbolicLink(link, real);

        var clock = Stopwatch.StartNew();
        CliFixture.Expect(0, rig.Famfs(["mount", rig.Device, link]));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"mount on a symlink took {clock.Elapsed}");
        Assert.Equal(FamfsMountTable.FuseType, FamfsMountTable.MountedType(real));
        CliFixture.Expect(0, rig.Famfs(["creat", "-s", "4k", Path.Combine(link, "through-link")]));
        Assert.True(File.Exists(Path.Combine(real, "through-link")));
        CliFixture.Expect(0, rig.Famfs(["umount", link]));
        Assert.False(MountRig.IsMounted(real));

        CliFixture.Expect(0, rig.Famfs(["mount", rig.Device, link]));
        KillDaemon(rig, real);
        CliFixture.Expect(0, rig.Famfs(["umount", link]));
        Assert.False(MountRig.IsMounted(real), "famfs umount of the symlink left the dead mount");
    }

    [Fact]
    public void After_the_daemon_is_killed_commands_say_so_and_how_to_recover()
    {
        using var rig = new MountRig();
        var mount = rig.Mount("m");
        CliFixture.Expect(0, rig.Famfs(["creat", "-s", "4k", Path.Combine(mount, "f")]));
        KillDaemon(rig, mount);

        string[][] commands =
        [
            ["creat", "-s", "4k", Path.Combine(mount, "g")],
            ["getmap", Path.Combine(mount, "f")],
            ["mkdir", Path.Combine(mount, "d")],
            ["fsck", mount],
            ["logplay", mount],
            ["logplay", "-n", mount],
        ];
        foreach (var args in commands)
        {
            rig.Famfs(args).AssertOneLineError(ExitCodes.SystemError, $"daemon of the famfs mount at {mount} is gone", $"famfs umount {mount}");
        }

        rig.Famfs(["check", mount]).AssertOneLineError(16, "is gone", "famfs umount");
        CliFixture.Expect(0, rig.Famfs(["umount", mount]));
    }

    [Fact]
    public void A_user_who_may_not_read_the_mount_records_is_told_so()
    {
        using var rig = new MountRig();
        var mount = rig.Mount("m");
        CliFixture.Expect(0, rig.Famfs(["creat", "-s", "4k", Path.Combine(mount, "f")]));
        File.SetUnixFileMode(Path.GetDirectoryName(mount)!, (UnixFileMode)0x1ED); // 0755: let the user reach the mount point

        var result = Shell.Run("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", Shell.DotnetHost, Path.Combine(AppContext.BaseDirectory, "famfs.dll"), "getmap", Path.Combine(mount, "f")],
            timeout: TimeSpan.FromSeconds(60));

        new CliResult("getmap as nobody", result.ExitCode, result.StdOut, result.StdErr).AssertOneLineError(ExitCodes.NotPermitted, mount, "may not read the mount records", "run the command as root");
    }

    [Fact]
    public void A_device_path_with_a_comma_mounts()
    {
        using var rig = new MountRig();
        var device = rig.ExtraFile("with,comma");
        CliFixture.Expect(0, rig.Famfs(["mkfs", "--create", "4G", device]));

        var mount = rig.Mount("m", device: device);

        CliFixture.Expect(0, rig.Famfs(["creat", "-s", "4k", Path.Combine(mount, "f")]));
        Assert.Equal(device, FamfsMountTable.At(mount)?.DevicePath);
        CliFixture.Expect(0, rig.Famfs(["umount", mount]));
    }

    [Fact]
    public void Without_libfuse3_mount_says_what_to_install()
    {
        using var rig = new MountRig();
        var library = new FileInfo("/lib/x86_64-linux-gnu/libfuse3.so.3").ResolveLinkTarget(returnFinalTarget: true)?.FullName
            ?? "/lib/x86_64-linux-gnu/libfuse3.so.3";
        var mount = rig.NewMountPoint("m");

        // A private mount namespace in which the library is an empty file: dlopen fails as if it were not installed.
        var result = Shell.Run("unshare", ["-m", "sh", "-c", "mount --bind /dev/null \"$0\" && exec \"$@\"", library,
            Shell.DotnetHost, Path.Combine(AppContext.BaseDirectory, "famfs.dll"), "mount", rig.Device, mount],
            timeout: TimeSpan.FromSeconds(60), environment: new Dictionary<string, string> { ["FAMFS_SYSTEM_UUID"] = rig.Master.ToString() });

        new CliResult("mount without libfuse3", result.ExitCode, result.StdOut, result.StdErr)
            .AssertOneLineError(ExitCodes.SystemError, "libfuse3", "install libfuse3-3 (apt-get install fuse3)");
        Assert.DoesNotContain("   at ", result.StdErr, StringComparison.Ordinal);
        Assert.False(MountRig.IsMounted(mount));
    }

    [Fact]
    public void A_log_holding_meta_from_another_famfs_mounts_serves_one_meta_and_checks_clean()
    {
        using var rig = new MountRig();
        using (var device = Devices.MemoryDevice.Open(rig.Device, writable: true))
        {
            TestLog.Append(device, [TestLog.Mkdir(".meta"), TestLog.File(".meta/extra", 10UL << 20, 4096), TestLog.Mkdir("ok"), TestLog.File("ok/f", 12UL << 20, 4096)]);
        }

        var mount = rig.Mount("m");

        Assert.Single(Directory.EnumerateFileSystemEntries(mount), e => Path.GetFileName(e) == ".meta");
        Assert.Equal([".log", ".superblock"], Directory.EnumerateFiles(Path.Combine(mount, ".meta")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(File.Exists(Path.Combine(mount, "ok", "f")));
        CliFixture.Expect(0, rig.Famfs(["check", mount]));
        var fsck = CliFixture.Expect(0, rig.Famfs(["fsck", mount]));
        Assert.Contains(".meta", fsck.Stdout + fsck.Stderr, StringComparison.Ordinal);
        CliFixture.Expect(0, rig.Famfs(["mkdir", Path.Combine(mount, "more")])); // the file system is not damaged: creates go on
    }

    private static void KillDaemon(MountRig rig, string mountPoint)
    {
        Shell.RunChecked("kill", ["-9", MountRig.DaemonPid(mountPoint).ToString(System.Globalization.CultureInfo.InvariantCulture)], "kill -9 the daemon");
        Assert.True(MountRig.WaitFor(() => rig.LiveDaemons().Count == 0, TimeSpan.FromSeconds(10)), "the daemon survived kill -9");
        Assert.True(MountRig.WaitFor(() => FamfsMountTable.DaemonGone(mountPoint), TimeSpan.FromSeconds(10)), "the dead mount never reported ENOTCONN");
    }
}
