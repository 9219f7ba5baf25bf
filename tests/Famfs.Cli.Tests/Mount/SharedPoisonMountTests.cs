using System.Globalization;
using Famfs.Cli.Tests.FileCommands.Support;
using Famfs.Cli.Tests.Mount.Support;

namespace Famfs.Cli.Tests.Mount;

/// <summary>
/// A memory failure reported on one host reaches every host's mount through the shared poison
/// list — each host here keeps its own /run/famfs (FAMFS_RUN_DIR), so nothing else could carry
/// it — and the master's clear makes the file readable again everywhere.
/// </summary>
[Collection(CliCollection.Name)]
[RequiresRoot]
public sealed class SharedPoisonMountTests
{
    private const double Poll = 0.5;

    // One poll, plus slack for a loaded 2-core machine.
    private static readonly TimeSpan OnePoll = TimeSpan.FromSeconds(Poll + 2);

    [Fact]
    public void Poison_reported_on_one_client_fails_the_file_on_all_three_hosts_and_nothing_else_until_the_master_clears_it()
    {
        using var rig = new MountRig();
        Guid?[] identities = [null, Guid.NewGuid(), Guid.NewGuid()];
        var runDirectories = identities.Select(_ => new TempDirectory("famfs-run")).ToList();
        try
        {
            var environments = runDirectories.Select(d => new Dictionary<string, string> { ["FAMFS_RUN_DIR"] = d.Path }).ToList();
            var hosts = Enumerable.Range(0, 3).Select(h => rig.Mount($"host{h}", identities[h], Poll, environment: environments[h])).ToList();
            CliFixture.Expect(0, rig.Famfs(["creat", "-s", "3m", "-r", "-S", "1", Path.Combine(hosts[0], "bad.bin")]));
            CliFixture.Expect(0, rig.Famfs(["creat", "-s", "3m", "-r", "-S", "2", Path.Combine(hosts[0], "good.bin")]));
            var badOffset = rig.FirstExtentOffset(Path.Combine(hosts[0], "bad.bin"));
            Assert.True(MountRig.WaitFor(() => hosts.All(h => File.Exists(Path.Combine(h, "bad.bin"))), OnePoll), "a host never saw the files");
            var bad = File.ReadAllBytes(Path.Combine(hosts[0], "bad.bin"));
            var good = File.ReadAllBytes(Path.Combine(hosts[0], "good.bin"));
            Assert.All(hosts, h => Assert.Equal(bad, File.ReadAllBytes(Path.Combine(h, "bad.bin")))); // cached on every host

            string[] range = ["--offset", (badOffset + 4096).ToString(CultureInfo.InvariantCulture), "--length", "4k"];
            CliFixture.Expect(0, rig.Cli.Run(["poison", .. range, hosts[1]], identities[1], extra: environments[1]));

            foreach (var host in hosts)
            {
                Assert.True(MountRig.WaitFor(() => Shell.Run("cat", [Path.Combine(host, "bad.bin")]).StdErr.Contains("Input/output error", StringComparison.Ordinal), OnePoll),
                    $"{host} still reads bad.bin {OnePoll.TotalSeconds} s after a client reported its memory failed");
                Assert.Equal(good, File.ReadAllBytes(Path.Combine(host, "good.bin")));
            }

            var refused = rig.Cli.Run(["poison", "--clear", .. range, hosts[2]], identities[2], extra: environments[2]);
            Assert.Equal(ExitCodes.NotPermitted, refused.ExitCode);
            CliFixture.Expect(0, rig.Cli.Run(["poison", "--clear", .. range, hosts[0]], extra: environments[0]));

            foreach (var host in hosts)
            {
                Assert.True(MountRig.WaitFor(() => ReadsAs(Path.Combine(host, "bad.bin"), bad), OnePoll),
                    $"{host} does not read bad.bin again {OnePoll.TotalSeconds} s after the master cleared it");
            }
        }
        finally
        {
            runDirectories.ForEach(d => d.Dispose());
        }
    }

    [Fact]
    public void Check_and_fsck_through_the_masters_mount_report_a_failure_another_host_recorded()
    {
        using var masterRun = new TempDirectory("famfs-run");
        using var clientRun = new TempDirectory("famfs-run");
        using var rig = new MountRig(); // disposed first: its daemon stops before its run directory goes
        var client = Guid.NewGuid();
        var masterEnvironment = new Dictionary<string, string> { ["FAMFS_RUN_DIR"] = masterRun.Path };
        var mount = rig.Mount("master", pollSeconds: Poll, environment: masterEnvironment);
        CliFixture.Expect(0, rig.Cli.Run(["creat", "-s", "2m", Path.Combine(mount, "bad.bin")], extra: masterEnvironment));
        CliFixture.Expect(0, rig.Cli.Run(["creat", "-s", "2m", Path.Combine(mount, "good.bin")], extra: masterEnvironment));
        var badOffset = rig.FirstExtentOffset(Path.Combine(mount, "bad.bin"));

        // A client with no mount and its own /run/famfs: only the shared list tells the master.
        CliFixture.Expect(0, rig.Cli.Run(["poison", "-D", rig.Device, "--offset", badOffset.ToString(CultureInfo.InvariantCulture), "--length", "4k"],
            client, extra: new Dictionary<string, string> { ["FAMFS_RUN_DIR"] = clientRun.Path }));

        var check = rig.Cli.Run(["check", mount], extra: masterEnvironment);
        Assert.True(check.ExitCode == 8, $"famfs check {mount}: {check}"); // the poisoned bit alone
        Assert.Contains("bad.bin: poisoned", check.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("good.bin", check.Stderr, StringComparison.Ordinal);

        var fsck = rig.Cli.Run(["fsck", mount], extra: masterEnvironment);
        Assert.Equal(ExitCodes.CheckFailed, fsck.ExitCode);
        Assert.Contains($"reported by host {client}", fsck.Stdout + fsck.Stderr, StringComparison.Ordinal);
        Assert.Contains("'bad.bin'", fsck.Stdout + fsck.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("good.bin", fsck.Stdout + fsck.Stderr, StringComparison.Ordinal);
    }

    private static bool ReadsAs(string path, byte[] expected)
    {
        try
        {
            return File.ReadAllBytes(path).AsSpan().SequenceEqual(expected);
        }
        catch (IOException)
        {
            return false; // still EIO
        }
    }
}
