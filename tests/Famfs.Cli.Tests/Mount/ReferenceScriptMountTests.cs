using Famfs.Cli.Tests.FileCommands.Support;
using Famfs.Cli.Tests.Mount.Support;

namespace Famfs.Cli.Tests.Mount;

/// <summary>Behaviours of a mount that the reference famfs's test scripts check.</summary>
[Collection(CliCollection.Name)]
public sealed class ReferenceScriptMountTests
{
    [Fact]
    public void A_mount_answers_the_reference_scripts_as_the_reference_does()
    {
        using var rig = new MountRig();
        var mount = rig.Mount("m");

        // mkdir -p of the mount point succeeds, mkdir of it fails.
        CliFixture.Expect(0, rig.Famfs(["mkdir", "-p", mount]));
        Assert.Equal(ExitCodes.Exists, rig.Famfs(["mkdir", mount]).ExitCode);

        // creat -M with one path outside famfs: the good file is made, the exit is non-zero.
        var outside = rig.ExtraFile("outside-famfs");
        var multi = rig.Famfs(["creat", "-M", Path.Combine(mount, "good") + ",4k", "-M", outside + ",4M"]);
        Assert.NotEqual(0, multi.ExitCode);
        Assert.Equal(4096, new FileInfo(Path.Combine(mount, "good")).Length);

        // flush of the meta files (as flush $(find M -type f) does) succeeds.
        CliFixture.Expect(0, rig.Famfs(["flush", Path.Combine(mount, ".meta", ".superblock"), Path.Combine(mount, ".meta", ".log"), Path.Combine(mount, "good")]));

        // fsck by device while mounted is refused as busy, naming the mount; by mount point (or -f) it runs.
        rig.Famfs(["fsck", rig.Device]).AssertOneLineError(ExitCodes.Exists, mount);
        Assert.Contains("Device capacity:", CliFixture.Expect(0, rig.Famfs(["fsck", mount])).Stdout, StringComparison.Ordinal);
        CliFixture.Expect(0, rig.Famfs(["fsck", "-f", rig.Device]));

        // mkmeta of the mounted device points at the mount's .meta.
        Assert.Contains(mount, CliFixture.Expect(0, rig.Famfs(["mkmeta", rig.Device])).Stdout, StringComparison.Ordinal);

        // The reference's read-path and remount flags on mount are accepted (here: refused as already mounted, not as unknown).
        var again = rig.Famfs(["mount", "-R", "-m", "-M", "-L", rig.Device, mount]);
        Assert.DoesNotContain("Unrecognized", again.Stderr, StringComparison.Ordinal);
        Assert.Contains("-R/--remount ignored", again.Stderr, StringComparison.Ordinal);
    }
}
