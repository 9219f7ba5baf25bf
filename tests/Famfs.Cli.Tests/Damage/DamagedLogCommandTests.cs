using Famfs.Cli.Tests.FileCommands.Support;
using Famfs.Cli.Tests.Mount.Support;
using Famfs.Format;
using Famfs.Log;

namespace Famfs.Cli.Tests.Damage;

/// <summary>
/// The damaged-log rule through the real CLI and mount: one damaged entry and no command logs
/// anything more or mounts read-write, every one says which entry, and the files logged before
/// it can still be read out with -D commands.
/// </summary>
[Collection(CliCollection.Name)]
[RequiresRoot]
public sealed class DamagedLogCommandTests
{
    [Fact]
    public void A_damaged_entry_refuses_creates_and_the_mount_and_leaves_the_files_before_it_readable()
    {
        using var rig = new MountRig();
        var cli = rig.Cli;
        CliFixture.Expect(0, cli.Exec("creat", "-s", "1m", "-r", "-S", "1", "a"));
        CliFixture.Expect(0, cli.Exec("creat", "-s", "1m", "-r", "-S", "2", "b"));
        CliFixture.Expect(0, cli.Exec("creat", "-s", "1m", "-r", "-S", "3", "c"));
        Flip(cli.Device, (long)FamfsMetadata.EntryOffset(1) + 100);
        var metadata = cli.MetadataHash();

        var create = CliFixture.Expect(ExitCodes.NoFileSystem, cli.Exec("creat", "-s", "1m", "-r", "-S", "4", "d"));
        Assert.Contains("log entry 1", create.Stderr, StringComparison.Ordinal);
        var mount = rig.Famfs(["mount", rig.Device, rig.NewMountPoint("damaged")]);
        Assert.True(mount.ExitCode != 0, $"a damaged file system was mounted: {mount}");
        Assert.Contains("log entry 1", mount.Stderr, StringComparison.Ordinal);
        CliFixture.Expect(ExitCodes.CheckFailed, cli.Run(["logplay", "-n", cli.Device]));

        CliFixture.Expect(0, cli.Exec("verify", "-S", "1", "-f", "a")); // rescued read-only
        Assert.Equal(metadata, cli.MetadataHash()); // nothing was appended
    }

    [Fact]
    public void An_entry_with_a_good_crc_and_an_extent_inside_the_log_is_reported_by_logplay_and_never_served()
    {
        using var cli = new CliFixture();
        CliFixture.Expect(0, cli.Exec("creat", "-s", "1m", "a"));
        using (var device = Devices.MemoryDevice.Open(cli.Device, writable: true))
        {
            Famfs.TestSupport.TestLog.Append(device, [Famfs.TestSupport.TestLog.File("over-the-log", FormatConstants.LogOffset, 4096)]);
        }

        var logplay = CliFixture.Expect(ExitCodes.CheckFailed, cli.Run(["logplay", "-n", cli.Device]));
        Assert.Contains("overlaps the superblock and log", logplay.Stdout + logplay.Stderr, StringComparison.Ordinal);
        CliFixture.Expect(ExitCodes.NotFound, cli.Exec("cat", "over-the-log"));
        CliFixture.Expect(ExitCodes.CheckFailed, cli.Run(["fsck", cli.Device]));
    }

    private static void Flip(string device, long offset)
    {
        using var file = new FileStream(device, FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset;
        var b = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(b ^ 0x41));
    }
}
