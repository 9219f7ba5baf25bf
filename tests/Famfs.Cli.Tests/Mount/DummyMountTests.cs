using System.Text.RegularExpressions;
using Famfs.Cli.Tests.FileCommands.Support;
using Famfs.Cli.Tests.Mount.Support;
using Famfs.Mounts;

namespace Famfs.Cli.Tests.Mount;

/// <summary>`famfs mount -D/--dummy DEVICE`: the reference's dummy mount, on a directory the command makes and names.</summary>
[Collection(CliCollection.Name)]
public sealed partial class DummyMountTests
{
    [Fact]
    public void Mount_D_mounts_the_device_on_a_new_dummy_directory_it_names_and_refuses_a_mount_point_beside_it()
    {
        using var rig = new MountRig();
        rig.Famfs(["mount", "-D", rig.Device, rig.NewMountPoint("given")])
            .AssertOneLineError(ExitCodes.Usage, "-D/--dummy", "DEVICE only");

        var result = CliFixture.Expect(0, rig.Famfs(["mount", "--dummy", rig.Device]));
        var named = Announcement().Match(result.Stdout);
        Assert.True(named.Success, $"no 'Successful dummy mount at PATH' line: {result}");
        var mountPoint = named.Groups["path"].Value;
        rig.Adopt(mountPoint);
        Assert.Equal(FamfsMountTable.FuseType, FamfsMountTable.MountedType(mountPoint));
        Assert.Equal(FirstPage(rig.Device), FirstPage(Path.Combine(mountPoint, ".meta", ".superblock")));

        CliFixture.Expect(0, rig.Famfs(["umount", mountPoint]));
        Assert.False(MountRig.IsMounted(mountPoint));
    }

    [Fact]
    public void A_dummy_mount_that_fails_leaves_no_dummy_directory_behind()
    {
        using var rig = new MountRig();
        var notFamfs = rig.ExtraFile("not-famfs");
        File.WriteAllBytes(notFamfs, new byte[16 << 20]);
        var before = DummyDirectories();

        rig.Famfs(["mount", "-D", notFamfs]).AssertOneLineError(ExitCodes.NoFileSystem);

        Assert.Equal(before, DummyDirectories());
    }

    private static byte[] FirstPage(string path)
    {
        var page = new byte[4096];
        using var file = File.OpenRead(path);
        file.ReadExactly(page);
        return page;
    }

    private static string[] DummyDirectories() => [.. Directory.EnumerateDirectories(Path.GetTempPath(), "famfs_dummy_*").Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"^Successful dummy mount at (?<path>/\S*famfs_dummy_\w+)$", RegexOptions.Multiline)]
    private static partial Regex Announcement();
}
