using Famfs.Cli.Tests.FileCommands.Support;

namespace Famfs.Cli.Tests.FileCommands;

[Collection(CliCollection.Name)]
[RequiresRoot]
public sealed class ClientRefusalTests
{
    [Fact]
    public void A_client_running_mkdir_creat_cp_or_clone_is_refused_and_the_log_is_untouched()
    {
        using var cli = new CliFixture();
        CliFixture.Expect(0, cli.Exec("creat", "-s", "1m", "existing"));
        var local = Path.Combine(cli.ScratchDirectory(), "local.bin");
        File.WriteAllBytes(local, new byte[12345]);
        var client = Guid.NewGuid();
        var hash = cli.MetadataHash();

        string[][] commands =
        [
            ["mkdir", "-D", cli.Device, "newdir"],
            ["mkdir", "-D", cli.Device, "-p", "a/b"],
            ["creat", "-D", cli.Device, "-s", "4k", "newfile"],
            ["creat", "-D", cli.Device, "-M", "m1,4k", "-M", "m2,4k"],
            ["cp", "-D", cli.Device, local, "copied"],
            ["clone", "-D", cli.Device, "existing", "cloned"],
        ];
        foreach (var command in commands)
        {
            var result = cli.Run(command, client);
            Assert.True(result.ExitCode == ExitCodes.NotPermitted, $"famfs {string.Join(' ', command)} as a client: expected exit {ExitCodes.NotPermitted}, got {result}");
            var message = result.Stderr.TrimEnd('\n');
            Assert.DoesNotContain('\n', message);
            Assert.StartsWith($"famfs {command[0]}: ", message, StringComparison.Ordinal);
            Assert.Contains(cli.Master.ToString(), message, StringComparison.Ordinal);
            Assert.Contains(client.ToString(), message, StringComparison.Ordinal);
            Assert.Contains("client", message, StringComparison.Ordinal);
            Assert.Contains("master", message, StringComparison.Ordinal);
            Assert.Equal(hash, cli.MetadataHash());
        }

        // The same client may read.
        CliFixture.Expect(0, cli.Run(["getmap", "-D", cli.Device, "existing"], client));
        Assert.Equal(hash, cli.MetadataHash());
    }
}
