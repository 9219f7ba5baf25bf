using Famfs.Cli.Tests.FileCommands.Support;
using Famfs.Cli.Tests.Mount.Support;

namespace Famfs.Cli.Tests.Mount;

/// <summary>What a mounted device refuses: reformatting, destroying, and the reference's kernel-module mount.</summary>
[Collection(CliCollection.Name)]
[RequiresRoot]
public sealed class MountedDeviceAdminTests
{
    [Fact]
    public void Mkfs_of_a_mounted_device_is_refused_even_with_force_and_works_after_umount()
    {
        using var rig = new MountRig();
        CliFixture.Expect(0, rig.Famfs(["mkfs", "-f", rig.Device]));
        var mount = rig.Mount("m");
        CliFixture.Expect(0, rig.Famfs(["creat", "-s", "1m", "-r", "-S", "5", Path.Combine(mount, "keep.bin")]));

        foreach (var args in new[] { new[] { "mkfs", "-f", rig.Device }, ["mkfs", "-f", "-k", rig.Device] })
        {
            var refused = rig.Famfs(args);
            Assert.Equal(ExitCodes.Exists, refused.ExitCode);
            Assert.Contains($"is mounted at {mount}", refused.Stderr, StringComparison.Ordinal);
        }

        // Nothing was touched: the file is still there and intact.
        CliFixture.Expect(0, rig.Famfs(["verify", "-S", "5", "-f", Path.Combine(mount, "keep.bin")]));
        CliFixture.Expect(0, rig.Famfs(["umount", mount]));
        CliFixture.Expect(0, rig.Famfs(["mkfs", "-f", rig.Device]));
    }

    [Fact]
    public void Mount_with_the_kernel_module_flag_is_refused_with_a_one_line_reason()
    {
        using var rig = new MountRig();
        CliFixture.Expect(0, rig.Famfs(["mkfs", "-f", rig.Device]));
        var refused = rig.Famfs(["mount", "-F", rig.Device, rig.NewMountPoint("m")]);
        Assert.Equal(ExitCodes.Usage, refused.ExitCode);
        Assert.Contains("-F/--nofuse", refused.Stderr, StringComparison.Ordinal);
        Assert.Single(refused.Stderr.Trim().Split('\n'));
    }
}
