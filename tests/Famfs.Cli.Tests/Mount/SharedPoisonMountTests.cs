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
            var badOffset = System.Text.Json.JsonDocument.Parse(CliFixture.Expect(0, rig.Famfs(["getmap", "--json", Path.Combine(hosts[0], "bad.bin")])).Stdout)
                .RootElement.GetProperty("extents")[0].GetProperty("offset").GetUInt64();
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
