using Famfs.Cli.Tests.FileCommands.Support;
using Famfs.Cli.Tests.TestSupport;

namespace Famfs.Cli.Tests.Commands;

/// <summary>
/// Input that used to hang, crash or quietly do the wrong thing: a FIFO as the device, values
/// too large for a timer, names the mount reserves, a trailing slash on a file. Each is one line
/// on stderr with a documented exit code, and nothing is logged.
/// </summary>
[Collection(CliCollection.Name)]
public sealed class RobustInputTests : IDisposable
{
    private readonly CliFixture _cli = new();

    public void Dispose() => _cli.Dispose();

    [RequiresRoot]
    [Fact]
    public void A_fifo_as_the_device_is_refused_at_once_by_every_command()
    {
        var fifo = Path.Combine(_cli.ScratchDirectory(), "fifo");
        Shell.RunChecked("mkfifo", [fifo], "make a FIFO");
        var mountPoint = _cli.ScratchDirectory();
        string[][] commands =
        [
            ["fsck", fifo],
            ["logplay", "-n", fifo],
            ["mkfs", fifo],
            ["creat", "-D", fifo, "-s", "4k", "f"],
            ["getmap", "-D", fifo, "f"],
            ["watch", "-D", fifo, "--timeout", "1", "f"],
            ["mount", fifo, mountPoint],
        ];

        foreach (var command in commands)
        {
            // Before the check, each of these waited forever in open(2) for a writer.
            _cli.Run(command, timeoutSeconds: 30)
                .AssertOneLineError(ExitCodes.NotFound, fifo, "FIFO", "/dev/daxX.Y");
        }
    }

    [Theory]
    [InlineData("5000000")]
    [InlineData("1e12")]
    [InlineData("Infinity")]
    public void A_watch_timeout_beyond_30_days_is_refused(string seconds) =>
        _cli.Exec("watch", "--timeout", seconds, "f").AssertOneLineError(ExitCodes.Usage, "--timeout", "wait forever");

    [Theory]
    [InlineData("1e7")]
    [InlineData("Infinity")]
    [InlineData("0")]
    public void A_mount_timeout_outside_0_to_a_day_is_refused_before_a_daemon_starts(string seconds)
    {
        var mountPoint = _cli.ScratchDirectory();

        _cli.Run(["mount", "-t", seconds, _cli.Device, mountPoint]).AssertOneLineError(ExitCodes.Usage, "--timeout", "86400");

        Assert.Null(Mounts.FamfsMountTable.MountedType(mountPoint));
    }

    [RequiresRoot]
    [Fact]
    public void Meta_at_the_root_cannot_be_created_by_any_command()
    {
        var source = Path.Combine(_cli.ScratchDirectory(), "src");
        File.WriteAllText(source, "data");
        var before = _cli.Header().NextIndex;

        _cli.Exec("mkdir", ".meta").AssertOneLineError(ExitCodes.Usage, "'.meta'", "reserved");
        _cli.Exec("mkdir", "-p", ".meta/x").AssertOneLineError(ExitCodes.Usage, "'.meta'", "reserved");
        _cli.Exec("creat", "-s", "4k", ".meta").AssertOneLineError(ExitCodes.Usage, "'.meta'", "reserved");
        _cli.Exec("cp", source, ".meta").AssertOneLineError(ExitCodes.Usage, "'.meta'", "reserved");

        Assert.Equal(before, _cli.Header().NextIndex);
        CliFixture.Expect(0, _cli.Exec("mkdir", "-p", "d/.meta")); // a .meta below the root is an ordinary name
    }

    [RequiresRoot]
    [Fact]
    public void A_trailing_slash_never_creates_a_regular_file()
    {
        var before = _cli.Header().NextIndex;

        _cli.Exec("creat", "-s", "4k", "newf/").AssertOneLineError(ExitCodes.NotFound, "newf/", "trailing '/'");
        _cli.Exec("creat", "-M", "newf/,4k").AssertOneLineError(ExitCodes.NotFound, "newf/", "trailing '/'");

        Assert.Equal(before, _cli.Header().NextIndex);
    }

    [Fact]
    public void Check_of_a_directory_that_is_no_mount_exits_16_outside_its_bit_set()
    {
        var notMounted = _cli.ScratchDirectory();

        _cli.Run(["check", notMounted]).AssertOneLineError(16, notMounted, "not a famfs mount point");
    }
}
