using System.Text.Json;
using Famfs.Cli.Tests.TestSupport;

namespace Famfs.Cli.Tests.Commands;

public class MkfsCommandTests
{
    private static readonly Guid Host = Guid.Parse("11111111-2222-4333-8444-555555555555");

    [Fact]
    public void Mkfs_create_4G_then_fsck_is_clean()
    {
        using var device = TempDevice.ReservePath("cli-mkfs");
        CliRunner.RunAs(Host, "mkfs", "--create", "4G", device.Path).AssertSuccess();
        Assert.Equal(4L << 30, device.Length);
        CliRunner.RunAs(Host, "fsck", device.Path).AssertSuccess();
        using var json = JsonDocument.Parse(CliRunner.RunAs(Host, "fsck", "--json", device.Path).AssertSuccess().Stdout);
        Assert.Equal(Host.ToString(), json.RootElement.GetProperty("superblock").GetProperty("system_uuid").GetString());
    }

    [Fact]
    public void Mkfs_refuses_an_existing_file_system_without_force_and_reformats_with_it()
    {
        using var device = TestLog.CreateFormatted("cli-mkfs-exists");
        var before = SparseFile.Fingerprint(device.Path);
        CliRunner.RunAs(Host, "mkfs", device.Path).AssertOneLineError(ExitCodes.Exists, "already holds", "-f");
        Assert.Equal(before, SparseFile.Fingerprint(device.Path));
        CliRunner.RunAs(Host, "mkfs", "-f", device.Path).AssertSuccess();
        CliRunner.RunAs(Host, "fsck", device.Path).AssertSuccess();
    }

    [Fact]
    public void Kill_without_force_is_refused_and_changes_nothing()
    {
        using var device = TestLog.CreateFormatted("cli-mkfs-k");
        var before = SparseFile.Fingerprint(device.Path);
        CliRunner.RunAs(Host, "mkfs", "-k", device.Path).AssertOneLineError(ExitCodes.Usage, "-f");
        Assert.Equal(before, SparseFile.Fingerprint(device.Path));
    }

    [Fact]
    public void Force_kill_destroys_the_file_system()
    {
        using var device = TestLog.CreateFormatted("cli-mkfs-fk");
        CliRunner.RunAs(Host, "mkfs", "-f", "-k", device.Path).AssertSuccess();
        var fsck = CliRunner.RunAs(Host, "fsck", device.Path).AssertReportedFailure("no famfs file system");
        Assert.Equal(ExitCodes.CheckFailed, fsck.ExitCode);
        CliRunner.RunAs(Host, "logplay", "--dryrun", device.Path).AssertOneLineError(ExitCodes.NoFileSystem, "no famfs file system");
    }

    [Fact]
    public void A_16m_log_is_accepted()
    {
        using var device = TempDevice.ReservePath("cli-mkfs-16m");
        CliRunner.RunAs(Host, "mkfs", "--loglen", "16m", "--create", "4G", device.Path).AssertSuccess();
        using var json = JsonDocument.Parse(CliRunner.RunAs(Host, "fsck", "--json", device.Path).AssertSuccess().Stdout);
        var log = json.RootElement.GetProperty("log");
        Assert.Equal(16UL << 20, log.GetProperty("len").GetUInt64());
        Assert.Equal(30839UL, log.GetProperty("last_index").GetUInt64());
    }

    [Theory]
    [InlineData("12m", "power of 2")]
    [InlineData("4m", "at least 8 MiB")]
    [InlineData("garbage", "not a size")]
    public void A_bad_log_length_is_refused_in_one_line(string logLength, string expected)
    {
        using var device = TempDevice.ReservePath("cli-mkfs-badlog");
        CliRunner.RunAs(Host, "mkfs", "-l", logLength, "--create", "4G", device.Path).AssertOneLineError(ExitCodes.Usage, expected);
        Assert.False(File.Exists(device.Path), "a refused mkfs must not create the device file");
    }

    [Fact]
    public void A_create_size_past_8_EiB_is_refused_in_one_line_and_creates_nothing()
    {
        using var device = TempDevice.ReservePath("cli-mkfs-huge");
        CliRunner.RunAs(Host, "mkfs", "--create", "0xffffffffffffffff", device.Path).AssertOneLineError(ExitCodes.NoSpace, "larger than any device");
        Assert.False(File.Exists(device.Path), "a refused mkfs must not create the device file");
    }

    [Fact]
    public void A_device_under_4_GiB_is_refused_naming_the_minimum()
    {
        using var device = TempDevice.CreateSparse("cli-mkfs-small", 1UL << 30);
        var before = SparseFile.Fingerprint(device.Path);
        CliRunner.RunAs(Host, "mkfs", device.Path).AssertOneLineError(ExitCodes.Usage, "at least 4294967296 bytes (4.0 GiB)");
        Assert.Equal(before, SparseFile.Fingerprint(device.Path));
    }

    [Fact]
    public void A_missing_device_is_not_found()
    {
        using var device = TempDevice.ReservePath("cli-mkfs-missing");
        CliRunner.RunAs(Host, "mkfs", device.Path).AssertOneLineError(ExitCodes.NotFound, "does not exist");
        CliRunner.RunAs(Host, "fsck", device.Path).AssertOneLineError(ExitCodes.NotFound, "does not exist");
        Assert.False(File.Exists(device.Path));
    }

    [Fact]
    public void A_directory_is_the_wrong_kind_of_device()
    {
        CliRunner.RunAs(Host, "mkfs", "/dev/shm").AssertOneLineError(ExitCodes.NotFound, "directory");
        CliRunner.RunAs(Host, "fsck", "/dev/shm").AssertOneLineError(ExitCodes.NotFound, "directory");
    }

    [Fact]
    public void A_character_device_that_is_not_device_dax_is_the_wrong_kind()
    {
        CliRunner.RunAs(Host, "fsck", "/dev/null").AssertOneLineError(ExitCodes.NotFound, "/dev/null", "not a device-dax device");
        CliRunner.RunAs(Host, "creat", "-D", "/dev/null", "-s", "4k", "f").AssertOneLineError(ExitCodes.NotFound, "not a device-dax device");
    }

    [Fact]
    public void Create_over_an_existing_file_is_refused()
    {
        using var device = TempDevice.CreateSparse("cli-mkfs-create-exists", 4096);
        CliRunner.RunAs(Host, "mkfs", "--create", "4G", device.Path).AssertOneLineError(ExitCodes.Exists, "already exists");
        Assert.Equal(4096, device.Length);
    }

    [Fact]
    public void A_missing_device_argument_is_a_usage_error()
    {
        var result = CliRunner.RunAs(Host, "mkfs");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
    }
}
