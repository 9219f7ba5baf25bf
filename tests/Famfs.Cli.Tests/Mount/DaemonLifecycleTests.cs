using System.Diagnostics;
using Famfs.Cli.Tests.FileCommands.Support;
using Famfs.Cli.Tests.Mount.Support;

namespace Famfs.Cli.Tests.Mount;

/// <summary>The daemon's end: killed, unmounted while busy, mounted and unmounted again and again.</summary>
[Collection(CliCollection.Name)]
[RequiresRoot]
public sealed class DaemonLifecycleTests
{
    [Fact]
    public void A_killed_daemon_leaves_ENOTCONN_famfs_umount_cleans_up_and_a_remount_finds_every_byte()
    {
        using var rig = new MountRig();
        var mount = rig.Mount("m");
        CliFixture.Expect(0, rig.Famfs(["creat", "-r", "-r", "-S", "11", "-s", "5m", Path.Combine(mount, "a")]));
        CliFixture.Expect(0, rig.Famfs(["mkdir", "-p", Path.Combine(mount, "d", "e")]));
        CliFixture.Expect(0, rig.Famfs(["creat", "-r", "-r", "-S", "12", "-s", "300k", Path.Combine(mount, "d", "e", "b")]));
        Shell.RunChecked("dd", ["if=/dev/urandom", $"of={Path.Combine(mount, "a")}", "bs=1000", "count=7", "seek=3", "conv=notrunc"], "write through the mount");
        var before = new[] { "a", "d/e/b" }.ToDictionary(p => p, p => File.ReadAllBytes(Path.Combine(mount, p)));
        var hash = rig.Cli.MetadataHash();

        Shell.RunChecked("kill", ["-9", MountRig.DaemonPid(mount).ToString(System.Globalization.CultureInfo.InvariantCulture)], "kill -9 the daemon");
        Assert.True(MountRig.WaitFor(() => rig.LiveDaemons().Count == 0, TimeSpan.FromSeconds(10)), "the daemon survived kill -9");
        // Right after the daemon dies the kernel may still be aborting the connection (a request
        // caught in flight fails with another error first); it settles on ENOTCONN.
        var dead = Shell.Run("stat", [mount]);
        Assert.True(
            MountRig.WaitFor(() => (dead = Shell.Run("stat", [mount])).StdErr.Contains("Transport endpoint is not connected", StringComparison.Ordinal), TimeSpan.FromSeconds(10)),
            $"the dead mount never reported ENOTCONN: {dead.StdErr}");
        Assert.True(MountRig.IsMounted(mount), "the kernel keeps a dead FUSE mount until it is unmounted");
        Assert.False(rig.AnyClaimHeld(), "the kernel drops a dead daemon's claim");

        CliFixture.Expect(0, rig.Famfs(["umount", mount]));
        Assert.False(MountRig.IsMounted(mount));

        CliFixture.Expect(0, rig.Famfs(["mount", rig.Device, mount]));
        foreach (var (path, bytes) in before)
        {
            Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(mount, path)));
        }

        Assert.Equal(hash, rig.Cli.MetadataHash());
        CliFixture.Expect(0, rig.Famfs(["check", mount]));
    }

    [Fact]
    public void Umount_of_a_busy_mount_finishes_within_a_bound_and_stops_the_daemon()
    {
        using var rig = new MountRig();
        var mount = rig.Mount("m");
        CliFixture.Expect(0, rig.Famfs(["creat", "-s", "1m", Path.Combine(mount, "f")]));
        // One process with its cwd inside the mount and an open file there.
        var holder = rig.StartHelper("sh", ["-c", "exec 3<f; echo ready; exec sleep 60"], mount);
        Assert.Equal("ready", holder.StandardOutput.ReadLine());

        var clock = Stopwatch.StartNew();
        var result = rig.Famfs(["umount", mount], timeoutSeconds: 30);
        var took = clock.Elapsed;
        CliFixture.Expect(0, result);
        // A process start (JIT) on a loaded machine plus the daemon's bounded shutdown; a hang would take the 30 s timeout.
        Assert.True(took < TimeSpan.FromSeconds(12), $"famfs umount of a busy mount took {took}");
        Assert.False(MountRig.IsMounted(mount));
        Assert.True(MountRig.WaitFor(() => rig.LiveDaemons().Count == 0, TimeSpan.FromSeconds(5)), "the daemon outlived famfs umount");
        Assert.False(rig.AnyClaimHeld());
        Assert.False(holder.HasExited, "unmounting must not kill the mount's users");

        // The device is free again at once.
        rig.Mount("again");
    }

    [Fact]
    public void Twenty_mount_umount_rounds_of_the_real_cli_leave_no_daemon_claim_or_mount()
    {
        using var rig = new MountRig();
        CliFixture.Expect(0, rig.Cli.Exec("creat", "-r", "-s", "64k", "f"));
        var mount = rig.NewMountPoint("m");
        byte[]? first = null;
        for (var round = 0; round < 20; round++)
        {
            CliFixture.Expect(0, rig.Famfs(["mount", rig.Device, mount]));
            var bytes = File.ReadAllBytes(Path.Combine(mount, "f"));
            first ??= bytes;
            Assert.Equal(first, bytes);
            CliFixture.Expect(0, rig.Famfs(["umount", mount]));
            Assert.False(MountRig.IsMounted(mount), $"round {round}: still mounted");
            Assert.True(MountRig.WaitFor(() => rig.LiveDaemons().Count == 0, TimeSpan.FromSeconds(5)), $"round {round}: a daemon is still running");
            Assert.False(rig.AnyClaimHeld(), $"round {round}: the device is still claimed");
        }

        // Each clean exit removed the daemon's control socket, administration folder and claim.
        using var device = Famfs.Devices.MemoryDevice.Open(rig.Device, writable: false);
        var claim = Famfs.Mounts.HostClaim.PathFor(device.Identity, rig.Master);
        Assert.False(File.Exists(Famfs.Mounts.HostClaim.SocketFor(claim)), "a control socket was left behind");
        Assert.False(Directory.Exists(Famfs.Mounts.HostClaim.AdminFolderFor(claim)), "an administration folder was left behind");
        Assert.False(File.Exists(claim), "a claim file was left behind");
    }
}
