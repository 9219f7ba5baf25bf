using Famfs.Cli.Tests.FileCommands.Support;
using Famfs.Cli.Tests.Mount.Support;

namespace Famfs.Cli.Tests.Mount;

/// <summary>
/// A memory failure reported on a mount point: the poisoned file's reads fail with EIO through
/// the mount — even for a descriptor opened before, and even though its pages were cached —
/// while every other file reads as before, and `famfs check` raises exit bit 8.
/// </summary>
[Collection(CliCollection.Name)]
[RequiresRoot]
public sealed class PoisonThroughMountTests
{
    [Fact]
    public void Poisoned_file_fails_with_EIO_through_the_mount_and_the_other_file_still_reads()
    {
        using var rig = new MountRig();
        CliFixture.Expect(0, rig.Famfs(["mkfs", "-f", rig.Device]));
        var mount = rig.Mount("m");
        var bad = Path.Combine(mount, "bad.bin");
        var good = Path.Combine(mount, "good.bin");
        CliFixture.Expect(0, rig.Famfs(["creat", "-s", "3m", "-r", "-S", "1", bad]));
        CliFixture.Expect(0, rig.Famfs(["creat", "-s", "3m", "-r", "-S", "2", good]));
        var badOffset = rig.FirstExtentOffset(bad);
        var goodBefore = File.ReadAllBytes(good);
        using (var early = File.OpenRead(bad))
        {
            _ = File.ReadAllBytes(bad); // now in the kernel's page cache

            var poison = CliFixture.Expect(0, rig.Famfs(["poison", "--offset", (badOffset + 4096).ToString(System.Globalization.CultureInfo.InvariantCulture), "--length", "4k", mount]));
            rig.ExtraDirectory(PoisonRecordDirectory(poison.Stdout));
            Assert.Contains("bad.bin", poison.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("good.bin", poison.Stdout, StringComparison.Ordinal);

            var cat = Shell.Run("cat", [bad]);
            Assert.NotEqual(0, cat.ExitCode);
            Assert.Contains("Input/output error", cat.StdErr, StringComparison.Ordinal);
            Assert.Throws<IOException>(() => early.ReadExactly(new byte[4096]));
        }

        Assert.Equal(goodBefore, File.ReadAllBytes(good));
        CliFixture.Expect(0, rig.Famfs(["verify", "-S", "2", "-f", good]));
        var check = rig.Famfs(["check", mount]);
        Assert.Equal(8, check.ExitCode);
        Assert.Contains("bad.bin: poisoned", check.Stderr, StringComparison.Ordinal);
    }

    /// <summary>The /run/famfs/FS-UUID directory named in `famfs poison`'s first line "(…/poison)".</summary>
    private static string PoisonRecordDirectory(string output)
    {
        var start = output.IndexOf("(/", StringComparison.Ordinal) + 1;
        var end = output.IndexOf(')', start);
        return Path.GetDirectoryName(output[start..end])!;
    }
}
