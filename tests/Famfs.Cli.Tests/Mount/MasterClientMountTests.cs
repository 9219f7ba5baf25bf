using Famfs.Cli.Tests.FileCommands.Support;
using Famfs.Cli.Tests.Mount.Support;
using Famfs.Devices;
using Famfs.Fuse.Tests;
using Famfs.TestSupport;

namespace Famfs.Cli.Tests.Mount;

/// <summary>One device mounted twice on this machine: by its master and by another host identity (a client).</summary>
[Collection(CliCollection.Name)]
public sealed class MasterClientMountTests
{
    // The poll period (-t 1) plus a process start, with slack for a loaded 2-core CI machine.
    private static readonly TimeSpan PollBound = TimeSpan.FromSeconds(8);

    [Fact]
    public void A_file_the_master_creates_appears_in_the_client_by_polling_and_the_client_cannot_create()
    {
        using var rig = new MountRig();
        var client = Guid.NewGuid();
        var master = rig.Mount("master");
        var clientMount = rig.Mount("client", client);

        CliFixture.Expect(0, rig.Famfs(["creat", "-r", "-s", "2m", Path.Combine(master, "from-master")]));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // readdir never plays the log (a lookup miss would), so this waits for the client's poller.
        Assert.True(MountRig.WaitFor(() => Directory.GetFileSystemEntries(clientMount).Any(e => e.EndsWith("/from-master", StringComparison.Ordinal)), PollBound),
            $"the client did not list the master's new file within {PollBound.TotalSeconds} s");
        var seen = clock.Elapsed;
        var cmp = Shell.Run("cmp", [Path.Combine(master, "from-master"), Path.Combine(clientMount, "from-master")]);
        Assert.True(cmp.ExitCode == 0, $"client and master read different bytes after {seen}: {cmp.StdOut}{cmp.StdErr}");

        var hash = rig.Cli.MetadataHash();
        var refused = rig.Famfs(["creat", "-s", "1m", Path.Combine(clientMount, "from-client")], client);
        Assert.True(refused.ExitCode == ExitCodes.NotPermitted, $"a client's creat through its mount: {refused}");
        Assert.Contains("client", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(hash, rig.Cli.MetadataHash());
        Assert.False(File.Exists(Path.Combine(master, "from-client")));
    }

    [Fact]
    public void The_client_sees_write_bits_only_on_files_logged_writable_by_all_hosts()
    {
        using var rig = new MountRig();
        var client = Guid.NewGuid();
        CliFixture.Expect(0, rig.Cli.Exec("mkdir", "dir"));
        CliFixture.Expect(0, rig.Cli.Exec("creat", "-s", "1m", "-m", "0664", "shared"));
        // A file whose entry lacks ALL_HOSTS_RW: written straight into the log, far from creat's allocations.
        using (var device = MemoryDevice.Open(rig.Device, writable: true))
        {
            TestLog.Append(device, [TestLog.File("private", 3UL << 30, 4096, mode: 0x1B4 /* 0664 */) with { Flags = 0 }]);
        }

        var master = rig.Mount("master");
        var clientMount = rig.Mount("client", client);

        string Mode(string root, string path) => Shell.RunChecked("stat", ["-c", "%a", Path.Combine(root, path)], $"stat {path}").StdOut.Trim();
        Assert.Equal(("664", "664"), (Mode(master, "shared"), Mode(clientMount, "shared")));
        Assert.Equal(("664", "444"), (Mode(master, "private"), Mode(clientMount, "private")));
        Assert.Equal(("755", "555"), (Mode(master, "dir"), Mode(clientMount, "dir")));
        Assert.Equal(("755", "555"), (Mode(master, "."), Mode(clientMount, ".")));

        // Root ignores mode bits; the daemon does not: the client cannot open the private file for writing.
        var denied = Shell.Run("dd", ["if=/dev/zero", $"of={Path.Combine(clientMount, "private")}", "bs=1", "count=1", "conv=notrunc"]);
        Assert.NotEqual(0, denied.ExitCode);
        Assert.Contains("Permission denied", denied.StdErr, StringComparison.Ordinal);
        Shell.RunChecked("dd", ["if=/dev/zero", $"of={Path.Combine(master, "private")}", "bs=1", "count=1", "conv=notrunc"], "the master writes the same file");
        Shell.RunChecked("dd", ["if=/dev/zero", $"of={Path.Combine(clientMount, "shared")}", "bs=1", "count=1", "conv=notrunc"], "the client writes an all-hosts file");
    }

    [Fact]
    public void A_second_mount_by_the_same_host_is_refused_with_EBUSY_naming_the_mount_also_through_aliases()
    {
        using var rig = new MountRig();
        var mount = rig.Mount("first");
        var symlink = rig.ExtraFile("symlink");
        File.CreateSymbolicLink(symlink, rig.Device);
        var hardLink = rig.ExtraFile("hardlink");
        Shell.RunChecked("ln", [rig.Device, hardLink], "hard link to the device file");

        foreach (var alias in new[] { rig.Device, symlink, hardLink })
        {
            var second = rig.NewMountPoint($"second-{Path.GetFileName(alias)}");
            var result = rig.Famfs(["mount", alias, second]);
            Assert.True(result.ExitCode == ExitCodes.Exists, $"second mount through {alias}: {result}");
            Assert.Contains(mount, result.Stderr, StringComparison.Ordinal);
            Assert.Contains("already mounted", result.Stderr, StringComparison.Ordinal);
            Assert.False(MountRig.IsMounted(second));
        }

        Assert.Single(rig.LiveDaemons());
        Assert.True(MountRig.IsMounted(mount));
        Assert.True(File.Exists(Path.Combine(mount, ".meta", ".log")));
    }
}
