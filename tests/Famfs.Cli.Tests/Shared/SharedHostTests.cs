using System.Text.Json;
using Famfs.Cli.Tests.FileCommands.Support;
using Famfs.Cli.Tests.TestSupport;
using Famfs.Errors;
using Famfs.Files;
using Famfs.Namespace;

namespace Famfs.Cli.Tests.Shared;

/// <summary>
/// The shared host area across real processes (docs/SHARED-STATE.md): hosts are famfs processes
/// with distinct FAMFS_SYSTEM_UUIDs, each with its own FAMFS_RUN_DIR (its own /run/famfs), on
/// one /dev/shm device. The test process makes the area as the master, as its mount would.
/// </summary>
public sealed class SharedHostTests : IDisposable
{
    private readonly CliFixture _cli = new();
    private readonly Guid _client1 = Guid.NewGuid();
    private readonly Guid _client2 = Guid.NewGuid();
    private readonly Dictionary<Guid, Dictionary<string, string>> _runDirectories = [];

    public SharedHostTests()
    {
        using var fs = FamfsFileSystem.Open(_cli.Device, new FileSystemOptions { SystemUuid = _cli.Master, HeartbeatInterval = TimeSpan.FromSeconds(1) });
        fs.CreateSharedArea();
    }

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void A_command_on_a_host_whose_process_keeps_it_live_joins_its_slot()
    {
        using var mount = FamfsFileSystem.Open(_cli.Device, new FileSystemOptions { SystemUuid = _cli.Master }); // live for 3 × 10 s + 2 s
        var before = Single(Hosts());
        Famfs(_cli.Master, "creat", "-D", _cli.Device, "-s", "4k", "first");
        var after = Single(Hosts());
        Assert.Equal((before.Slot, "live", before.Incarnation), (after.Slot, after.State, after.Incarnation));
        Assert.Equal(before.Played + 1, after.Played);
    }

    [Fact]
    public void A_killed_host_shows_stale_and_its_restart_takes_a_new_incarnation_in_the_same_slot()
    {
        var source = Path.Combine(_cli.ScratchDirectory(), "big");
        File.WriteAllBytes(source, new byte[3 << 20]);
        var killed = _cli.Run(["cp", "-D", _cli.Device, source, "copy"], _cli.Master, crashAt: "cp.chunk-copied", extra: RunDirectory(_cli.Master));
        Assert.NotEqual(0, killed.ExitCode);
        var dead = Single(Hosts());

        // A command promises a 1 s heartbeat: stale 3 × 1 s + 2 s after the killed one's last.
        var stale = dead;
        for (var waited = 0; stale.State == "live" && waited < 30; waited++)
        {
            Thread.Sleep(500);
            stale = Single(Hosts());
        }

        Assert.Equal((dead.Slot, "stale", dead.Incarnation), (stale.Slot, stale.State, stale.Incarnation));
        Assert.True(stale.HeartbeatAgeMs >= 5000, $"heartbeat age {stale.HeartbeatAgeMs} ms");

        Famfs(_cli.Master, "creat", "-D", _cli.Device, "-s", "4k", "second");
        var back = Single(Hosts());
        Assert.Equal((dead.Slot, "live", dead.Incarnation + 1), (back.Slot, back.State, back.Incarnation));
        Assert.Equal(_cli.Header().NextIndex, back.Played);

        var table = Famfs(_cli.Master, "hosts", _cli.Device).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["SLOT", "ROLE", "SYSTEM-UUID", "INCARNATION", "STATE", "HEARTBEAT", "PLAYED"], table[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var row = table[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([$"{back.Slot}", "master", _cli.Master.ToString(), $"{back.Incarnation}", "live"], row[..5]);
    }

    [Fact]
    public void Content_written_by_creat_and_cp_in_one_process_bumps_generations_another_host_reads()
    {
        using var client = FamfsFileSystem.Open(_cli.Device, new FileSystemOptions { SystemUuid = _client1, ReadOnly = true });
        var generations = client.Shared!.Generations;
        var state = default(Famfs.Shared.WriteSequenceState);
        _ = generations.Changes(ref state); // the first call sees everything as new

        Famfs(_cli.Master, "creat", "-D", _cli.Device, "-s", "4k", "empty");
        Famfs(_cli.Master, "creat", "-D", _cli.Device, "-s", "4k", "-r", "-S", "7", "seeded");
        var source = Path.Combine(_cli.ScratchDirectory(), "src");
        File.WriteAllBytes(source, new byte[8192]);
        Famfs(_cli.Master, "cp", "-D", _cli.Device, source, "copied");

        client.Refresh();
        Assert.True(generations.Changes(ref state).Any);
        Assert.Equal(0UL, generations.Read(client.Find("empty")!.LogIndex));
        Assert.Equal(1UL, generations.Read(client.Find("seeded")!.LogIndex) >> 8);
        Assert.Equal(1UL, generations.Read(client.Find("copied")!.LogIndex) >> 8);
        Assert.False(generations.Changes(ref state).Any);
    }

    [Fact]
    public void Poison_reported_on_one_client_fails_the_file_on_another_host_and_only_the_master_clears_it()
    {
        Famfs(_cli.Master, "creat", "-D", _cli.Device, "-s", "2m", "victim");
        Famfs(_cli.Master, "creat", "-D", _cli.Device, "-s", "2m", "bystander");
        ulong offset;
        using (var fs = FamfsFileSystem.Open(_cli.Device, new FileSystemOptions { ReadOnly = true }))
        {
            offset = ((FsFile)fs.Find("victim")!).Map.DeviceExtents[0].Offset;
        }

        var range = new[] { "-D", _cli.Device, "--offset", $"{offset / 1024}k", "--length", "4k" };
        var poison = Famfs(_client1, ["poison", .. range]);
        Assert.Contains("\nvictim\n", poison.Stdout, StringComparison.Ordinal);
        Assert.Contains(Hosts(), host => host.SystemUuid == _client1 && host.Role == "client" && host.State == "live");

        var read = _cli.Run(["cat", "-D", _cli.Device, "victim"], _client2, extra: RunDirectory(_client2));
        Assert.Equal(ExitCodes.SystemError, read.ExitCode);
        Assert.Contains("poisoned", read.Stderr, StringComparison.Ordinal);
        Famfs(_client2, "cat", "-D", _cli.Device, "bystander");

        var fsck = _cli.Run(["fsck", _cli.Device], _cli.Master, extra: RunDirectory(_cli.Master));
        Assert.Equal(ExitCodes.CheckFailed, fsck.ExitCode);
        Assert.Contains($"reported by host {_client1}", fsck.Stdout + fsck.Stderr, StringComparison.Ordinal);
        Assert.Contains("'victim'", fsck.Stdout + fsck.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("'bystander'", fsck.Stdout + fsck.Stderr, StringComparison.Ordinal);

        _cli.Run(["poison", "--clear", .. range], _client2, extra: RunDirectory(_client2)).AssertOneLineError(ExitCodes.NotPermitted, "only master", "master host");

        var cleared = Famfs(_cli.Master, ["poison", "--clear", .. range]);
        Assert.Contains("victim", cleared.Stdout, StringComparison.Ordinal);
        Famfs(_client2, "cat", "-D", _cli.Device, "victim");
        Famfs(_client1, "cat", "-D", _cli.Device, "victim"); // its own ledger still has the failure: the clear lifts it too
    }

    [Fact]
    public void A_library_open_on_one_host_revokes_its_mapping_of_a_file_another_host_poisoned_at_its_next_refresh()
    {
        Famfs(_cli.Master, "creat", "-D", _cli.Device, "-s", "2m", "victim");
        Famfs(_cli.Master, "creat", "-D", _cli.Device, "-s", "2m", "bystander");
        using var master = FamfsFileSystem.Open(_cli.Device,
            new FileSystemOptions { SystemUuid = _cli.Master, RunDirectory = RunDirectory(_cli.Master)["FAMFS_RUN_DIR"] });
        using var victim = master.OpenFile("victim");
        using var bystander = master.OpenFile("bystander");
        var offset = ((FsFile)master.Find("victim")!).Map.DeviceExtents[0].Offset;

        Famfs(_client1, "poison", "-D", _cli.Device, "--offset", $"{offset / 1024}k", "--length", "4k"); // its own ledger: only the shared list reaches us
        Assert.False(victim.IsRevoked);
        master.Refresh();

        Assert.True(victim.IsRevoked, "the mapping of the file another host poisoned is still readable after a refresh");
        Assert.False(bystander.IsRevoked);
        Assert.Equal(Errno.EIO, Assert.Throws<FamfsException>(() => master.OpenFile("victim")).Errno);
    }

    [Fact]
    public void Poison_reports_from_several_processes_of_one_host_at_once_all_reach_the_shared_list_and_fsck()
    {
        const int Reporters = 6;
        Famfs(_cli.Master, "creat", "-D", _cli.Device, "-s", "32m", "big");
        ulong offset;
        using (var fs = FamfsFileSystem.Open(_cli.Device, new FileSystemOptions { ReadOnly = true }))
        {
            offset = ((FsFile)fs.Find("big")!).Map.DeviceExtents[0].Offset;
        }

        // One client host: one identity and one /run/famfs, so all append to one segment under its lock.
        var reporters = Enumerable.Range(0, Reporters).Select(i => _cli.Start(
            ["poison", "-D", _cli.Device, "--offset", $"{(offset / 1024) + ((ulong)i * 8)}k", "--length", "4k"], _client1, extra: RunDirectory(_client1))).ToList();
        foreach (var process in reporters)
        {
            using (process)
            {
                CliFixture.Expect(0, CliFixture.Wait(process));
            }
        }

        var fsck = _cli.Run(["fsck", _cli.Device], _cli.Master, extra: RunDirectory(_cli.Master)); // the master's ledger knows none of them
        Assert.Equal(ExitCodes.CheckFailed, fsck.ExitCode);
        Assert.Equal(Reporters, (fsck.Stdout + fsck.Stderr).Split('\n').Count(line => line.Contains($"reported by host {_client1}", StringComparison.Ordinal)));
    }

    [Fact]
    public void Hosts_on_a_file_system_without_the_area_prints_the_note_and_an_empty_list()
    {
        using var plain = new CliFixture();
        var result = CliFixture.Expect(0, plain.Run(["hosts", "--json", plain.Device]));
        Assert.Contains("famfs hosts: note: no shared host area (.famfs/)", result.Stderr, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.False(json.RootElement.GetProperty("shared_area").GetBoolean());
        Assert.Equal(0, json.RootElement.GetProperty("hosts").GetArrayLength());
    }

    private CliResult Famfs(Guid host, params string[] args) => CliFixture.Expect(0, _cli.Run(args, host, extra: RunDirectory(host)));

    private static Host Single(IReadOnlyList<Host> hosts) => Assert.Single(hosts);

    /// <summary>`famfs hosts --json` as the master, parsed.</summary>
    private List<Host> Hosts()
    {
        using var json = JsonDocument.Parse(Famfs(_cli.Master, "hosts", "--json", _cli.Device).Stdout);
        Assert.True(json.RootElement.GetProperty("shared_area").GetBoolean());
        return [.. json.RootElement.GetProperty("hosts").EnumerateArray().Select(host => new Host(
            host.GetProperty("slot").GetInt32(),
            host.GetProperty("role").GetString()!,
            host.GetProperty("system_uuid").GetGuid(),
            host.GetProperty("incarnation").GetUInt64(),
            host.GetProperty("state").GetString()!,
            host.GetProperty("heartbeat_age_ms").ValueKind == JsonValueKind.Null ? null : host.GetProperty("heartbeat_age_ms").GetInt64(),
            host.GetProperty("played").GetUInt64()))];
    }

    private Dictionary<string, string> RunDirectory(Guid host)
    {
        if (!_runDirectories.TryGetValue(host, out var environment))
        {
            environment = new Dictionary<string, string> { ["FAMFS_RUN_DIR"] = _cli.ScratchDirectory() };
            _runDirectories[host] = environment;
        }

        return environment;
    }

    private sealed record Host(int Slot, string Role, Guid SystemUuid, ulong Incarnation, string State, long? HeartbeatAgeMs, ulong Played);
}
