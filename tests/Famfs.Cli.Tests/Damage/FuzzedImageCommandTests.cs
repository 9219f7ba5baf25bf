using CsCheck;
using Famfs.Cli.Tests.FileCommands.Support;
using Famfs.Cli.Tests.Mount.Support;
using Famfs.Cli.Tests.TestSupport;
using Xunit.Abstractions;

namespace Famfs.Cli.Tests.Damage;

/// <summary>
/// The image fuzzer's damaged images through the real CLI and real mounts: `famfs fsck`,
/// `famfs logplay -n` and `famfs mount` as the image's master. The library suite
/// (Famfs.Tests/Fuzz) puts thousands of images through the same code in one process; these few
/// prove the processes around it (argument handling, the daemon's start-up, its error
/// reporting) add no crash, no hang and no write. A failure prints CsCheck's seed;
/// FAMFS_FUZZ_SEED=SEED replays it.
/// </summary>
[Collection(CliCollection.Name)]
[RequiresRoot]
public sealed class FuzzedImageCommandTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Each case starts three to five processes and a daemon: about two seconds.</summary>
    private const int Cases = 12;

    private readonly ImageFuzzer _fuzzer = new("fuzz-cli");
    private readonly MountRig _rig = new();

    [Fact]
    public void Damaged_images_are_refused_by_the_mount_or_served_clean_and_no_command_crashes_hangs_or_writes()
    {
        var mountPoint = _rig.NewMountPoint("fuzzed");

        // The undamaged image first: it must be served, so every run exercises the serving branch too.
        _fuzzer.Restore();
        Assert.True(ThroughCommands("undamaged image", mountPoint), "the undamaged image was not mounted");

        var mounted = 0;
        ImageFuzzer.Mutations.Sample(
            mutation =>
            {
                _fuzzer.Damage(mutation);
                mounted += ThroughCommands(mutation.ToString(), mountPoint) ? 1 : 0;
            },
            output.WriteLine, seed: Environment.GetEnvironmentVariable("FAMFS_FUZZ_SEED"), iter: Cases, threads: 1);
        output.WriteLine($"{mounted} of {Cases} damaged images mounted (fsck clean), the others refused");
    }

    /// <summary>
    /// A case the fuzzer found: one bit of the device size the superblock records (outside its
    /// CRC) makes it 8 PiB. The mount serves by the device's own size; `famfs check` through the
    /// mount must judge by the same size, not build a map of the misstated one and fail.
    /// </summary>
    [Fact]
    public void A_superblock_misstating_the_device_size_is_served_by_the_devices_size_and_checks_clean_through_the_mount()
    {
        var mountPoint = _rig.NewMountPoint("misstated");
        _fuzzer.Damage(new ImageMutation(MutationKind.SuperblockBit, 54924518, 2617877882, 5));
        Assert.Contains("records a device size of", Famfs("misstated size", "fsck", _fuzzer.DevicePath).Stdout, StringComparison.Ordinal);
        Assert.True(ThroughCommands("superblock device size misstated", mountPoint), "the image was not mounted");
    }

    public void Dispose()
    {
        _rig.Dispose();
        _fuzzer.Dispose();
    }

    /// <summary>fsck, logplay -n and a mount of the image as it is now; returns whether it was mounted (and checked, and unmounted).</summary>
    private bool ThroughCommands(string what, string mountPoint)
    {
        var before = _fuzzer.MetadataHash();
        var fsck = Famfs(what, "fsck", _fuzzer.DevicePath);
        Famfs(what, "logplay", "-n", _fuzzer.DevicePath);
        var mount = Famfs(what, "mount", _fuzzer.DevicePath, mountPoint);
        if (mount.ExitCode != 0)
        {
            Assert.True(before.AsSpan().SequenceEqual(_fuzzer.MetadataHash()), $"{what}: a refused mount wrote to the metadata: {mount}");
            Assert.False(MountRig.IsMounted(mountPoint), $"{what}: a refused mount left {mountPoint} mounted: {mount}");
            return false;
        }

        try
        {
            Assert.True(fsck.ExitCode == 0, $"{what}: mounted read-write although fsck fails: {fsck}");
            var check = Famfs(what, "check", mountPoint);
            Assert.True(check.ExitCode == 0, $"{what}: the mount serves what its own check rejects: {check}");
        }
        finally
        {
            var umount = Famfs(what, "umount", mountPoint);
            Assert.True(umount.ExitCode == 0 && !MountRig.IsMounted(mountPoint), $"{what}: {umount}");
        }

        return true;
    }

    /// <summary>Runs famfs as the image's master; a crash (exit 70 or a stack trace) or a hang fails the case.</summary>
    private CliResult Famfs(string what, params string[] args)
    {
        var result = CliRunner.RunAs(_fuzzer.Master, args);
        Assert.False(result.ExitCode == ExitCodes.InternalError || result.Stderr.Contains("   at ", StringComparison.Ordinal)
            || result.Stderr.Contains("Unhandled exception", StringComparison.Ordinal), $"{what}: crashed: {result}");
        return result;
    }
}
