using System.Diagnostics;
using Famfs.Cli.Tests.FileCommands.Support;
using Famfs.Cli.Tests.Mount.Support;

namespace Famfs.Cli.Tests.Mount;

/// <summary>
/// Three hosts on one /dev/shm device — the master and two clients, each with its own identity
/// (FAMFS_SYSTEM_UUID) and its own coherent mount: a write through any mount that may write is
/// read by the other two within one poll, through a new open and through a descriptor kept open
/// since before the write, and never stale after that.
/// </summary>
[Collection(CliCollection.Name)]
[RequiresRoot]
public sealed class CoherentHostsTests
{
    private const double Poll = 0.5;

    // One poll, plus slack for a loaded 2-core machine (the poll timer and two FUSE round trips).
    private static readonly TimeSpan OnePoll = TimeSpan.FromSeconds(Poll + 2);

    [Fact]
    public void A_write_on_one_host_is_seen_by_readers_on_the_other_two_within_one_poll()
    {
        using var rig = new MountRig();
        var hosts = ThreeHosts(rig);
        CliFixture.Expect(0, rig.Famfs(["creat", "-s", "4k", Path.Combine(hosts[0], "f.bin")]));
        HostIo.Write(Path.Combine(hosts[0], "f.bin"), "first");
        var early = hosts.Select(h => WaitForFile(Path.Combine(h, "f.bin"))).ToList();
        try
        {
            Assert.All(early, handle => Assert.Equal("first", HostIo.Read(handle, 5))); // cached on every host

            // The master writes, then a client (the file is writable by all hosts: creat's default).
            foreach (var (writer, text) in new[] { (0, "HELLO"), (1, "WORLD") })
            {
                HostIo.Write(Path.Combine(hosts[writer], "f.bin"), text);
                var clock = Stopwatch.StartNew();
                foreach (var reader in Enumerable.Range(0, 3).Where(r => r != writer))
                {
                    // The open descriptor first: a new open drops stale pages itself (it compares
                    // generations), which would hide whether the poll did.
                    Assert.True(MountRig.WaitFor(() => HostIo.Read(early[reader], 5) == text, OnePoll),
                        $"host {reader} still read '{HostIo.Read(early[reader], 5)}' through an open descriptor {clock.Elapsed.TotalSeconds:0.00} s after host {writer} wrote '{text}'");
                    Assert.Equal(text, HostIo.ReadFresh(Path.Combine(hosts[reader], "f.bin"), 5));
                }

                // Never stale after: two more polls of reads through both kinds of descriptor.
                for (var deadline = Stopwatch.StartNew(); deadline.Elapsed < TimeSpan.FromSeconds(2 * Poll);)
                {
                    Assert.All(Enumerable.Range(0, 3), h => Assert.Equal(text, HostIo.Read(early[h], 5)));
                    Assert.All(hosts, h => Assert.Equal(text, HostIo.ReadFresh(Path.Combine(h, "f.bin"), 5)));
                }
            }
        }
        finally
        {
            early.ForEach(handle => handle.Dispose());
        }
    }

    [Fact]
    public void A_new_open_on_a_coherent_mount_sees_another_hosts_write_before_its_next_poll()
    {
        using var rig = new MountRig();
        var master = rig.Mount("master", pollSeconds: Poll);
        var client = rig.Mount("client", Guid.NewGuid(), pollSeconds: 600); // its poll will not come during the test
        CliFixture.Expect(0, rig.Famfs(["creat", "-s", "4k", Path.Combine(master, "f.bin")]));
        HostIo.Write(Path.Combine(master, "f.bin"), "first");
        Assert.Equal("first", HostIo.ReadFresh(Path.Combine(client, "f.bin"), 5)); // a lookup miss plays the log

        HostIo.Write(Path.Combine(master, "f.bin"), "HELLO");

        Assert.Equal("HELLO", HostIo.ReadFresh(Path.Combine(client, "f.bin"), 5)); // close-to-open at worst
    }

    [Fact]
    public void Only_files_whose_generation_moved_lose_their_cached_pages()
    {
        using var rig = new MountRig();
        var hosts = ThreeHosts(rig);
        CliFixture.Expect(0, rig.Famfs(["creat", "-s", "4k", Path.Combine(hosts[0], "still.bin")]));
        CliFixture.Expect(0, rig.Famfs(["creat", "-s", "4k", Path.Combine(hosts[0], "moving.bin")]));
        HostIo.Write(Path.Combine(hosts[0], "still.bin"), "still");
        using var still = WaitForFile(Path.Combine(hosts[1], "still.bin"));
        using var moving = WaitForFile(Path.Combine(hosts[1], "moving.bin"));
        Assert.Equal("still", HostIo.Read(still, 5));
        Assert.Equal("\0\0\0\0\0", HostIo.Read(moving, 5));

        // Bytes stored into device memory with no generation bump (what a raw span write is until
        // FamfsFile.Publish) stay invisible to a cached reader: the client keeps still.bin's pages…
        var offset = rig.FirstExtentOffset(Path.Combine(hosts[0], "still.bin"));
        Shell.RunChecked("sh", ["-c", $"printf RAWED | dd of={rig.Device} bs=1 seek={offset} conv=notrunc status=none"], "a raw store into device memory");
        HostIo.Write(Path.Combine(hosts[0], "moving.bin"), "moved");
        Assert.True(MountRig.WaitFor(() => HostIo.Read(moving, 5) == "moved", OnePoll), "the written file's pages were not dropped");
        Thread.Sleep(TimeSpan.FromSeconds(2 * Poll));

        // …because its generation did not move, while the written file's pages were dropped.
        Assert.Equal("still", HostIo.Read(still, 5));
        using var device = File.OpenHandle(rig.Device);
        var memory = new byte[5];
        RandomAccess.Read(device, memory, (long)offset);
        Assert.Equal("RAWED"u8.ToArray(), memory);
    }

    /// <summary>The master's mount and two clients' mounts, coherent, polling every <see cref="Poll"/> s.</summary>
    private static IReadOnlyList<string> ThreeHosts(MountRig rig, string mode = "coherent") =>
        [rig.Mount("master", pollSeconds: Poll, cache: mode), rig.Mount("client1", Guid.NewGuid(), Poll, cache: mode), rig.Mount("client2", Guid.NewGuid(), Poll, cache: mode)];

    /// <summary>Opens <paramref name="path"/> once its host's mount has played the entry that made it.</summary>
    private static Microsoft.Win32.SafeHandles.SafeFileHandle WaitForFile(string path)
    {
        Assert.True(MountRig.WaitFor(() => File.Exists(path), OnePoll), $"{path} never appeared");
        return File.OpenHandle(path);
    }
}
