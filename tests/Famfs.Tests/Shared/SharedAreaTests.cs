using Famfs.Errors;
using Famfs.Files;
using Famfs.Format;
using Famfs.Identity;
using Famfs.Shared;
using Famfs.Tests.Files.Support;

namespace Famfs.Tests.Shared;

/// <summary>
/// The shared host area through the library: each <see cref="FamfsFileSystem"/> instance with its
/// own system uuid plays one host on the same /dev/shm device (docs/SHARED-STATE.md).
/// </summary>
public sealed class SharedAreaTests : IDisposable
{
    private readonly ShmFileSystem _shm = new();
    private readonly Guid _client = Guid.NewGuid();

    public void Dispose() => _shm.Dispose();

    [Fact]
    public void A_file_system_without_the_area_opens_with_one_note_and_no_hosts()
    {
        using var fs = _shm.Open();
        Assert.Null(fs.Shared);
        Assert.Empty(fs.Hosts);
        var note = Assert.Single(fs.Notes);
        Assert.StartsWith("no shared host area (.famfs/) on ", note);
    }

    [Fact]
    public void The_master_creates_the_area_as_three_logged_files_and_fsck_stays_clean()
    {
        using (var fs = _shm.Open())
        {
            fs.CreateSharedArea();
            Assert.NotNull(fs.Shared);
            Assert.Equal(0x1EDu, fs.Find(".famfs")!.Mode);
            foreach (var path in new[] { ".famfs/hosts", ".famfs/generations", ".famfs/poison" })
            {
                var file = Assert.IsType<Famfs.Namespace.FsFile>(fs.Find(path));
                Assert.Equal(0x1A4u, file.Mode);
                Assert.Equal(FormatConstants.AllocationUnit, file.SizeBytes);
            }

            var master = Assert.Single(fs.Hosts);
            Assert.Equal((_shm.Master, Role.Master, 1UL, HostState.Live), (master.SystemUuid, master.Role, master.Incarnation, master.State));
        }

        _shm.AssertFsckClean();
        using var again = _shm.Open();
        Assert.NotNull(again.Shared);
        Assert.Empty(again.Notes);
    }

    [Fact]
    public void A_famfs_directory_that_is_not_the_area_is_left_alone_and_reported_invalid()
    {
        using (var fs = _shm.Open())
        {
            fs.CreateDirectory(".famfs");
            fs.CreateFile(".famfs/hosts", 4096);
        }

        var before = _shm.MetadataHash();
        using var again = _shm.Open();
        Assert.Null(again.Shared);
        Assert.Contains("shared area invalid", Assert.Single(again.Notes), StringComparison.Ordinal);
        Assert.Equal(Errno.EEXIST, Assert.Throws<FamfsException>(again.CreateSharedArea).Errno);
        Assert.Equal(before, _shm.MetadataHash());
        Assert.Contains(_shm.AssertFsckClean().Warnings, warning => warning.StartsWith("shared area invalid (.famfs/hosts: is 4096 bytes", StringComparison.Ordinal));
    }

    [Fact]
    public void A_client_cannot_create_the_area()
    {
        using var client = _shm.Open(_client);
        Assert.Throws<NotMasterException>(client.CreateSharedArea);
    }

    [Fact]
    public void Each_host_takes_its_own_slot_and_a_second_open_of_a_live_host_joins_it()
    {
        using var master = OpenWithArea();
        using var client = _shm.Open(_client);
        using var sameClient = _shm.Open(_client);
        Assert.Equal(client.Shared!.Hosts.Slot, sameClient.Shared!.Hosts.Slot);
        Assert.NotEqual(master.Shared!.Hosts.Slot, client.Shared.Hosts.Slot);

        var hosts = master.Hosts;
        Assert.Equal(2, hosts.Count);
        var seen = Assert.Single(hosts, host => host.SystemUuid == _client);
        Assert.Equal((Role.Client, 1UL, HostState.Live, client.Shared.Hosts.Slot), (seen.Role, seen.Incarnation, seen.State, seen.Slot));
        Assert.Equal(client.Tree.NextIndex, seen.PlayedPosition);
    }

    [Fact]
    public void Registrations_of_one_new_host_made_at_once_through_separate_opens_take_one_slot_and_the_first_incarnation()
    {
        using var master = OpenWithArea();
        const int Opens = 4;
        var opens = Enumerable.Range(0, Opens).Select(_ => _shm.Open(Guid.NewGuid())).ToList(); // a registry each, mapped read-write
        try
        {
            for (var round = 0; round < 5; round++)
            {
                var host = Guid.NewGuid();
                AtOnce.Run(Opens, i =>
                {
                    // Staggered by a part of a registry scan: a registration that starts while
                    // another is between its scan and its claim is the race that made two slots.
                    for (var lag = System.Diagnostics.Stopwatch.StartNew(); lag.Elapsed.TotalMicroseconds < i * 15;)
                    {
                    }

                    opens[i].Shared!.Hosts.Register(host, Role.Client, TimeSpan.FromSeconds(10), 0);
                });

                // One slot, and the first incarnation: a slot claimed a moment ago is live, not stale.
                Assert.All(opens, fs => Assert.Equal((opens[0].Shared!.Hosts.Slot, 1UL), (fs.Shared!.Hosts.Slot, fs.Shared.Hosts.Incarnation)));
                var seen = Assert.Single(master.Hosts, seen => seen.SystemUuid == host);
                Assert.Equal(1UL, seen.Incarnation);
            }
        }
        finally
        {
            opens.ForEach(fs => fs.Dispose());
        }
    }

    [Fact]
    public void A_read_only_open_never_registers()
    {
        using var master = OpenWithArea();
        using var reader = _shm.Open(_client, readOnly: true);
        Assert.NotNull(reader.Shared);
        Assert.DoesNotContain(master.Hosts, host => host.SystemUuid == _client);
    }

    [Fact]
    public void A_host_whose_heartbeat_stopped_is_stale_and_comes_back_with_a_new_incarnation()
    {
        using var master = OpenWithArea();
        var quick = new FileSystemOptions { SystemUuid = _client, HeartbeatInterval = TimeSpan.FromMilliseconds(1), Cache = CacheMode.None };
        using (FamfsFileSystem.Open(_shm.Path, quick))
        {
        }

        Thread.Sleep(TimeSpan.FromSeconds(2.2)); // 3 × 1 ms + the 2 s clock-skew allowance
        Assert.Equal(HostState.Stale, Assert.Single(master.Hosts, host => host.SystemUuid == _client).State);
        using var back = FamfsFileSystem.Open(_shm.Path, quick);
        var host = Assert.Single(master.Hosts, host => host.SystemUuid == _client);
        Assert.Equal((2UL, HostState.Live), (host.Incarnation, host.State));
    }

    [Fact]
    public void A_write_by_one_host_moves_the_write_sequences_and_the_file_generation_another_host_reads()
    {
        using var master = OpenWithArea();
        var node = master.CreateFile("f", 4096);
        using var client = _shm.Open(_client);
        var generations = client.Shared!.Generations;
        var state = default(WriteSequenceState);
        Assert.True(generations.Changes(ref state).Any);
        Assert.False(generations.Changes(ref state).Any);
        Assert.Equal(0UL, generations.Read(node.LogIndex));

        using (var file = master.OpenFile("f", FileAccess.ReadWrite))
        {
            file.Write(0, "hello"u8);
        }

        Assert.True(generations.Changes(ref state).Any);
        var generation = generations.Read(node.LogIndex);
        Assert.Equal((1UL, (ulong)master.Shared!.Hosts.Slot), (generation >> 8, generation & 0xFF));
        Assert.False(generations.Changes(ref state).Any);
    }

    [Fact]
    public void A_span_write_is_invisible_to_other_hosts_until_Publish()
    {
        using var master = OpenWithArea();
        var node = master.CreateFile("f", 4096);
        using var client = _shm.Open(_client);
        using var file = master.OpenFile("f", FileAccess.ReadWrite);
        "raw"u8.CopyTo(file.GetSpan(0, 3));
        Assert.Equal(0UL, client.Shared!.Generations.Read(node.LogIndex));
        file.Publish();
        Assert.Equal(1UL, client.Shared.Generations.Read(node.LogIndex) >> 8);
    }

    [Fact]
    public void A_stream_publishes_its_writes_once_per_flush()
    {
        using var master = OpenWithArea();
        var node = master.CreateFile("f", 4096);
        using var file = master.OpenFile("f", FileAccess.ReadWrite);
        using (var stream = file.AsStream())
        {
            stream.Write("ab"u8);
            stream.Write("cd"u8);
            Assert.Equal(0UL, master.Shared!.Generations.Read(node.LogIndex));
            stream.Flush();
            Assert.Equal(1UL, master.Shared.Generations.Read(node.LogIndex) >> 8);
            stream.Write("ef"u8);
        }

        Assert.Equal(2UL, master.Shared.Generations.Read(node.LogIndex) >> 8);
    }

    [Fact]
    public void Publish_on_a_file_opened_for_reading_is_refused()
    {
        using var master = OpenWithArea();
        master.CreateFile("f", 4096);
        using var file = master.OpenFile("f");
        Assert.Equal(Errno.EBADF, Assert.Throws<FamfsException>(file.Publish).Errno);
    }

    private FamfsFileSystem OpenWithArea()
    {
        var fs = _shm.Open();
        fs.CreateSharedArea();
        return fs;
    }
}
