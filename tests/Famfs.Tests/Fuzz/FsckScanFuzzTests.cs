using CsCheck;
using Famfs.Devices;
using Famfs.Tests.Admin;
using Xunit.Abstractions;

namespace Famfs.Tests.Fuzz;

/// <summary>
/// fsck's scan against its full play on fuzzed images (<see cref="ImageFuzzer"/>'s mutations,
/// on an image with the shared host area): whatever the damage, both give the same report.
/// FAMFS_FUZZ_SEED=SEED runs a failing case first.
/// </summary>
public sealed class FsckScanFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const int Cases = 1500;

    private readonly ImageFuzzer _fuzzer = new("fuzz-scan", sharedArea: true);

    [Fact]
    public void On_every_damaged_image_fsck_reports_the_same_whether_it_scans_or_plays()
    {
        ImageFuzzer.Mutations.Sample(mutation =>
        {
            _fuzzer.Damage(mutation);
            using var device = MemoryDevice.Open(_fuzzer.DevicePath, writable: false);
            FsckReports.AssertScanMatchesPlay(device);
        }, output.WriteLine, seed: Environment.GetEnvironmentVariable("FAMFS_FUZZ_SEED"), iter: Cases, threads: 1);
    }

    [Fact]
    public void The_undamaged_image_is_scanned_not_played_and_reports_as_a_play()
    {
        _fuzzer.Restore();
        using var device = MemoryDevice.Open(_fuzzer.DevicePath, writable: false);
        var scanned = Famfs.Admin.Fsck.Run(device, runDirectory: null, listEntries: false);

        Assert.True(scanned.Clean, string.Join("; ", scanned.Errors));
        Assert.Empty(scanned.Entries); // a play would have listed every entry
        FsckReports.AssertScanMatchesPlay(device);
    }

    public void Dispose() => _fuzzer.Dispose();
}
