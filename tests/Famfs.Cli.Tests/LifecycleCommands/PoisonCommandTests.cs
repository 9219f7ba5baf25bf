using Famfs.Cli.Tests.FileCommands.Support;
using Famfs.Devices;
using Famfs.Format;
using Famfs.Log;

namespace Famfs.Cli.Tests.LifecycleCommands;

/// <summary>`famfs poison` in one process, `famfs fsck` and reads in others: the record is per host, not per process.</summary>
[RequiresRoot]
public sealed class PoisonCommandTests : IDisposable
{
    private readonly CliFixture _cli = new();
    private readonly string _ledgerDirectory;

    public PoisonCommandTests()
    {
        using var device = MemoryDevice.Open(_cli.Device, writable: false);
        _ledgerDirectory = Path.Combine("/run/famfs", FamfsMetadata.ReadSuperblock(device).FsUuid.ToString("D"));
    }

    [Fact]
    public void Poison_prints_the_affected_file_then_fsck_fails_naming_it_and_reads_of_it_fail()
    {
        CliFixture.Expect(0, _cli.Exec("creat", "-s", "2m", "victim"));
        CliFixture.Expect(0, _cli.Exec("creat", "-s", "2m", "bystander"));
        var offset = _cli.Fsck().Entries
            .Select(outcome => outcome.Record.Entry)
            .OfType<FileEntry>()
            .Single(entry => entry.Path == "victim").Map.DeviceExtents[0].Offset;

        var poison = CliFixture.Expect(0, _cli.Exec("poison", "--offset", $"{offset / 1024}k", "--length", "4k"));
        Assert.Contains("\nvictim\n", poison.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("bystander", poison.Stdout, StringComparison.Ordinal);

        var fsck = CliFixture.Expect(ExitCodes.CheckFailed, _cli.Run(["fsck", _cli.Device]));
        Assert.Contains("'victim'", fsck.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("'bystander'", fsck.Stdout, StringComparison.Ordinal);

        var read = _cli.Exec("cat", "victim");
        Assert.Equal(ExitCodes.SystemError, read.ExitCode);
        Assert.Contains("poisoned", read.Stderr, StringComparison.Ordinal);
        CliFixture.Expect(0, _cli.Exec("cat", "bystander"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_ledgerDirectory))
        {
            Directory.Delete(_ledgerDirectory, recursive: true);
        }

        _cli.Dispose();
    }
}
