using System.Diagnostics;
using Famfs.Cli.Tests.FileCommands.Support;
using Famfs.Cli.Tests.Mount.Support;
using Famfs.Files;

namespace Famfs.Cli.Tests.Mount;

/// <summary>
/// Shared mappings on coherent mounts (docs/SHARED-STATE.md, "Mount cache modes"): a poll's
/// invalidation unmaps the changed file's pages from every shared mapping, so a mapping another
/// host's write made stale faults the new bytes in; and a write made through a shared mapping
/// bumps the generation at writeback (msync), so other hosts' cached readers see it. A keep mount
/// never drops a mapping's pages; a poisoned file's pages are dropped on every host's mount, so
/// its mappings fault.
/// </summary>
[Collection(CliCollection.Name)]
[RequiresRoot]
public sealed class SharedMappingCoherenceTests
{
    private const double Poll = 0.5;

    // One poll, plus slack for a loaded 2-core machine (the poll timer and the FUSE round trips).
    private static readonly TimeSpan OnePoll = TimeSpan.FromSeconds(Poll + 2);

    [Fact]
    public void A_shared_mapping_on_a_client_sees_the_masters_write_within_one_poll()
    {
        using var rig = new MountRig();
        var (master, client) = MasterAndClient(rig);
        var (watcher, first) = SharedMapping.Watch(rig, Path.Combine(client, "f.bin"), "HELLO", OnePoll);
        Assert.Equal("first", first); // the client's pages are mapped now

        var clock = Stopwatch.StartNew();
        HostIo.Write(Path.Combine(master, "f.bin"), "HELLO");

        Assert.Equal("HELLO", SharedMapping.Last(watcher, OnePoll));
        Assert.True(clock.Elapsed <= OnePoll + TimeSpan.FromSeconds(1), $"the mapping saw the write only after {clock.Elapsed.TotalSeconds:0.00} s");
    }

    [Fact]
    public void A_write_through_a_shared_mapping_bumps_the_generation_and_another_hosts_coherent_mount_sees_it_within_one_poll()
    {
        using var rig = new MountRig();
        var (master, client) = MasterAndClient(rig);
        using var early = File.OpenHandle(Path.Combine(client, "f.bin"));
        Assert.Equal("first", HostIo.Read(early, 5)); // cached on the client
        using var observer = FamfsFileSystem.Open(rig.Device, new FileSystemOptions { SystemUuid = Guid.NewGuid(), ReadOnly = true });
        var logIndex = observer.Find("f.bin")!.LogIndex;
        var before = observer.Shared!.Generations.Read(logIndex);

        var clock = Stopwatch.StartNew();
        SharedMapping.WriteThrough(Path.Combine(master, "f.bin"), "MAPPD");

        Assert.True(observer.Shared.Generations.Read(logIndex) > before, "msync of a shared mapping did not bump the file's write generation");
        Assert.True(MountRig.WaitFor(() => HostIo.Read(early, 5) == "MAPPD", OnePoll),
            $"the client still read '{HostIo.Read(early, 5)}' {clock.Elapsed.TotalSeconds:0.00} s after the master wrote through its mapping");
    }

    [Fact]
    public void A_shared_mapping_on_a_keep_mount_keeps_its_pages_after_another_hosts_write()
    {
        using var rig = new MountRig();
        var (master, client) = MasterAndClient(rig, "keep");
        var watchFor = TimeSpan.FromSeconds(3 * Poll); // three polls: keep never drops the pages
        var (watcher, first) = SharedMapping.Watch(rig, Path.Combine(client, "f.bin"), "HELLO", watchFor);
        Assert.Equal("first", first);

        HostIo.Write(Path.Combine(master, "f.bin"), "HELLO");

        Assert.Equal("first", SharedMapping.Last(watcher, watchFor)); // keep is for data known never to change: this staleness is its price
    }

    [Fact]
    public void A_shared_mapping_of_a_file_another_host_poisoned_faults_within_one_poll()
    {
        using var clientRun = new TempDirectory("famfs-run");
        using var rig = new MountRig();
        var (master, _) = MasterAndClient(rig);
        var offset = rig.FirstExtentOffset(Path.Combine(master, "f.bin"));
        var (watcher, first) = SharedMapping.Watch(rig, Path.Combine(master, "f.bin"), "never", OnePoll + OnePoll);
        Assert.Equal("first", first);

        // The client reports with its own /run/famfs: only the shared poison list tells the master's mount.
        CliFixture.Expect(0, rig.Cli.Run(["poison", "-D", rig.Device, "--offset", $"{offset}", "--length", "4k"], Guid.NewGuid(),
            extra: new Dictionary<string, string> { ["FAMFS_RUN_DIR"] = clientRun.Path }));

        Assert.True(watcher.WaitForExit(OnePoll), "the mapping still reads a file another host poisoned");
        Assert.Equal(128 + 7, watcher.ExitCode); // SIGBUS: the page fault reached the daemon, which failed it with EIO
    }

    /// <summary>The master's mount and a client's (its own identity) in <paramref name="cache"/> mode; f.bin holds "first" and the client sees it.</summary>
    private static (string Master, string Client) MasterAndClient(MountRig rig, string cache = "coherent")
    {
        var master = rig.Mount("master", pollSeconds: Poll);
        var client = rig.Mount("client", Guid.NewGuid(), Poll, cache: cache);
        CliFixture.Expect(0, rig.Famfs(["creat", "-s", "4k", Path.Combine(master, "f.bin")]));
        HostIo.Write(Path.Combine(master, "f.bin"), "first");
        Assert.True(MountRig.WaitFor(() => File.Exists(Path.Combine(client, "f.bin")), OnePoll), "the client never saw f.bin");
        return (master, client);
    }
}
