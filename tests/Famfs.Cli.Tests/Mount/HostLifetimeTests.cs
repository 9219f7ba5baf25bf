using System.Text.Json;
using Famfs.Cli.Tests.FileCommands.Support;
using Famfs.Cli.Tests.Mount.Support;

namespace Famfs.Cli.Tests.Mount;

/// <summary>
/// The shared host registry as mounts come and go: a mount's heartbeat keeps its slot live, a
/// daemon killed with SIGKILL leaves its slot stale, and the host's next mount takes the same slot
/// with a new incarnation. A file system made by the reference has no registry and still mounts.
/// </summary>
[Collection(CliCollection.Name)]
[RequiresRoot]
public sealed class HostLifetimeTests
{
    private const double Poll = 0.5;

    [Fact]
    public void A_killed_hosts_slot_goes_stale_and_its_next_mount_takes_a_new_incarnation()
    {
        using var rig = new MountRig();
        var client = Guid.NewGuid();
        rig.Mount("master", pollSeconds: Poll);
        var first = rig.Mount("client-first", client, Poll);
        var live = Host(rig, client);
        Assert.Equal(("live", 1UL), (live.State, live.Incarnation));

        using (var daemon = System.Diagnostics.Process.GetProcessById(MountRig.DaemonPid(first)))
        {
            daemon.Kill(); // SIGKILL: no unmount, no last word in the registry
            daemon.WaitForExit(10_000);
        }

        // Stale once the heartbeat is 3 × the interval + 2 s old.
        Assert.True(MountRig.WaitFor(() => Host(rig, client).State == "stale", TimeSpan.FromSeconds(3 * Poll + 2 + 5)),
            $"the killed client's slot is still {Host(rig, client).State}");
        Assert.Equal("live", Host(rig, rig.Master).State);

        rig.Mount("client-again", client, Poll);
        var again = Host(rig, client);
        Assert.Equal((live.Slot, "live", 2UL), (again.Slot, again.State, again.Incarnation));
    }

    [Fact]
    public void Hosts_lists_a_master_without_a_slot_as_never_seen_in_text_through_a_mount_and_json_through_the_device_until_it_mounts()
    {
        using var rig = new MountRig();
        // The master's first mount makes the area and dies before it registers in it.
        var died = rig.Cli.Run(["mount", "-t", "0.5", rig.Device, rig.NewMountPoint("master-died")], crashAt: "shared.area-created");
        Assert.NotEqual(0, died.ExitCode);
        var client = Guid.NewGuid();
        var mount = rig.Mount("client", client, Poll);

        var table = CliFixture.Expect(0, rig.Famfs(["hosts", mount], client)).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var master = Assert.Single(table, line => line.Contains(rig.Master.ToString(), StringComparison.Ordinal));
        Assert.Equal(["-", "master", rig.Master.ToString(), "0", "never-seen", "-", "0"], master.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(table, line => line.Contains(client.ToString(), StringComparison.Ordinal) && line.Contains(" live ", StringComparison.Ordinal));

        using (var json = JsonDocument.Parse(CliFixture.Expect(0, rig.Famfs(["hosts", "--json", rig.Device], client)).Stdout))
        {
            var row = Assert.Single(json.RootElement.GetProperty("hosts").EnumerateArray(), h => h.GetProperty("system_uuid").GetGuid() == rig.Master);
            Assert.Equal((-1, "master", "never-seen", 0UL, JsonValueKind.Null), (row.GetProperty("slot").GetInt32(), row.GetProperty("role").GetString(),
                row.GetProperty("state").GetString(), row.GetProperty("incarnation").GetUInt64(), row.GetProperty("heartbeat_age_ms").ValueKind));
        }

        rig.Mount("master", pollSeconds: Poll);
        Assert.Equal(("live", 1UL), (Host(rig, rig.Master).State, Host(rig, rig.Master).Incarnation));
    }

    [Fact]
    public void A_reference_made_image_mounts_as_a_client_without_the_shared_area()
    {
        using var rig = new MountRig();
        using var image = ConformanceImages.Materialize("nested");
        var manifest = ConformanceImages.LoadManifest("nested");
        var mount = rig.Mount("client", Guid.NewGuid(), Poll, device: image.Path);

        var files = manifest.Entries.Where(e => e.Str("type_name") == "FILE").Select(e => e.Str("relpath")).ToList();
        Assert.NotEmpty(files);
        Assert.All(files, path => Assert.True(File.Exists(Path.Combine(mount, path)), $"{path} is missing from the mount"));
        Assert.False(Directory.Exists(Path.Combine(mount, ".famfs")));
        var file = Path.Combine(mount, files[0]);
        Assert.Equal(new FileInfo(file).Length, File.ReadAllBytes(file).LongLength); // coherent mode without generations: close-to-open

        var log = File.ReadAllLines(MountRig.DaemonLog(mount));
        Assert.Single(log, line => line.Contains("note: no shared host area (.famfs/)", StringComparison.Ordinal));
        var hosts = CliFixture.Expect(0, rig.Famfs(["hosts", "--json", image.Path]));
        Assert.Empty(JsonDocument.Parse(hosts.Stdout).RootElement.GetProperty("hosts").EnumerateArray());
        Assert.Contains("note: no shared host area", hosts.Stderr, StringComparison.Ordinal);
    }

    /// <summary>The host's row of `famfs hosts --json DEV`: (slot, state, incarnation).</summary>
    private static (int Slot, string State, ulong Incarnation) Host(MountRig rig, Guid host)
    {
        using var json = JsonDocument.Parse(CliFixture.Expect(0, rig.Famfs(["hosts", "--json", rig.Device])).Stdout);
        var row = Assert.Single(json.RootElement.GetProperty("hosts").EnumerateArray(), h => h.GetProperty("system_uuid").GetGuid() == host);
        return (row.GetProperty("slot").GetInt32(), row.GetProperty("state").GetString()!, row.GetProperty("incarnation").GetUInt64());
    }
}
