using Famfs.Cli.Tests.FileCommands.Support;
using Famfs.Cli.Tests.Mount.Support;

namespace Famfs.Cli.Tests.Mount;

/// <summary>
/// famfs mount --cache: what a reader on one host sees after another host writes the same file
/// in place, in the modes whose behaviour needs no write generations (strict, keep), and the
/// log seen through a client's .meta/.log in every mode.
/// </summary>
[Collection(CliCollection.Name)]
[RequiresRoot]
public sealed class CacheModeTests
{
    private const double Poll = 0.5;

    // Three polls plus process starts, with slack for a loaded 2-core machine.
    private static readonly TimeSpan PollBound = TimeSpan.FromSeconds(3 * Poll + 3);

    [Fact]
    public void A_strict_mount_reads_another_hosts_write_at_once_through_new_and_open_descriptors()
    {
        using var rig = new MountRig();
        var (master, path) = MasterWritesClientReads(rig, "strict");
        using var early = File.OpenHandle(path);
        Assert.Equal("first", HostIo.Read(early, 5));

        HostIo.Write(Path.Combine(master, "f.bin"), "HELLO");

        Assert.Equal("HELLO", HostIo.ReadFresh(path, 5));
        Assert.Equal("HELLO", HostIo.Read(early, 5));
    }

    [Fact]
    public void A_strict_mount_refuses_a_shared_mapping_and_gives_a_private_one()
    {
        using var rig = new MountRig();
        var master = rig.Mount("master", pollSeconds: Poll, cache: "strict");
        CliFixture.Expect(0, rig.Famfs(["creat", "-s", "4k", Path.Combine(master, "f.bin")]));
        HostIo.Write(Path.Combine(master, "f.bin"), "bytes");

        // This kernel's FUSE maps a direct-I/O file shared only when the daemon negotiated
        // FUSE_DIRECT_IO_ALLOW_MMAP, which libfuse 3.14 cannot ask for (docs/SHARED-STATE.md).
        var script = "import mmap,os,sys\nfd=os.open(sys.argv[1],os.O_RDONLY)\n"
            + "try:\n mmap.mmap(fd,4096,flags=mmap.MAP_SHARED,prot=mmap.PROT_READ)\n print('shared mapped')\n"
            + "except OSError as e:\n print('shared errno',e.errno)\n"
            + "print('private',mmap.mmap(fd,4096,flags=mmap.MAP_PRIVATE,prot=mmap.PROT_READ)[:5].decode())";
        var result = Shell.RunChecked("python3", ["-c", script, Path.Combine(master, "f.bin")], "python3 maps the file");
        Assert.Equal("shared errno 19\nprivate bytes\n", result.StdOut);
    }

    [Fact]
    public void A_keep_mount_serves_its_cached_pages_after_another_host_writes_until_they_are_dropped()
    {
        using var rig = new MountRig();
        var (master, path) = MasterWritesClientReads(rig, "keep");
        using var early = File.OpenHandle(path);
        Assert.Equal("first", HostIo.Read(early, 5)); // now in the client's page cache

        HostIo.Write(Path.Combine(master, "f.bin"), "HELLO");
        Thread.Sleep(PollBound);

        // keep is for data known never to change: the documented price is exactly this staleness.
        Assert.Equal("HELLO", HostIo.ReadFresh(Path.Combine(master, "f.bin"), 5));
        Assert.Equal("first", HostIo.ReadFresh(path, 5));
        Assert.Equal("first", HostIo.Read(early, 5));
        File.WriteAllText("/proc/sys/vm/drop_caches", "1");
        Assert.Equal("HELLO", HostIo.ReadFresh(path, 5));
    }

    [Theory]
    [InlineData("strict")]
    [InlineData("coherent")]
    [InlineData("keep")]
    public void A_client_reading_meta_log_sees_the_masters_new_entries_within_one_poll(string mode)
    {
        using var rig = new MountRig();
        var master = rig.Mount("master", pollSeconds: Poll);
        var client = rig.Mount("client", Guid.NewGuid(), Poll, cache: mode);
        var log = Path.Combine(client, ".meta", ".log");
        using var early = File.OpenHandle(log);
        var before = File.ReadAllBytes(log); // the whole log, now in the client's page cache
        Assert.False(Contains(before, "appended-by-master"));

        CliFixture.Expect(0, rig.Famfs(["creat", "-s", "4k", Path.Combine(master, "appended-by-master")]));

        Assert.True(MountRig.WaitFor(() => Contains(File.ReadAllBytes(log), "appended-by-master"), PollBound),
            $"the client's .meta/.log ({mode}) did not show the master's new entry within {PollBound.TotalSeconds} s");
        var again = new byte[before.Length];
        RandomAccess.Read(early, again, 0);
        Assert.True(Contains(again, "appended-by-master"), "a descriptor opened before the append still reads the old log");
    }

    [Theory]
    [InlineData("never-heard-of")]
    [InlineData("Strict")]
    public void A_bad_cache_mode_is_one_line_and_exit_2(string mode)
    {
        using var rig = new MountRig();
        var result = rig.Famfs(["mount", "--cache", mode, rig.Device, rig.NewMountPoint("m")]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal($"famfs mount: --cache '{mode}' is not one of strict, coherent or keep; give e.g. --cache coherent (the default)\n", result.Stderr);
    }

    [Fact]
    public void The_references_cache_values_mount_with_a_note_and_coherent_data()
    {
        using var rig = new MountRig();
        var mountPoint = rig.NewMountPoint("m");
        var result = CliFixture.Expect(0, rig.Famfs(["mount", "-c", "never", rig.Device, mountPoint]));

        Assert.Equal("famfs mount: note: --cache never is the reference's metadata cache setting, ignored (the metadata cache timeout is -t/--timeout); file data is cached coherent\n", result.Stderr);
        Assert.True(MountRig.IsMounted(mountPoint));
    }

    /// <summary>The master's mount and a client's in <paramref name="mode"/>; f.bin holds "first". Returns the master's mount and the client's path of f.bin.</summary>
    private static (string Master, string ClientFile) MasterWritesClientReads(MountRig rig, string mode)
    {
        var master = rig.Mount("master", pollSeconds: Poll);
        var client = rig.Mount("client", Guid.NewGuid(), Poll, cache: mode);
        CliFixture.Expect(0, rig.Famfs(["creat", "-s", "4k", Path.Combine(master, "f.bin")]));
        HostIo.Write(Path.Combine(master, "f.bin"), "first");
        var path = Path.Combine(client, "f.bin");
        Assert.True(MountRig.WaitFor(() => File.Exists(path), PollBound), "the client never saw the file");
        return (master, path);
    }

    private static bool Contains(byte[] haystack, string needle) =>
        haystack.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(needle)) >= 0;
}
