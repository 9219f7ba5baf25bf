namespace Famfs.VmTests;

/// <summary>
/// Linux before 6.12 leaves a hole where a failed MAP_FIXED was aimed; the engine refills it
/// (Mmap.TryRestoreReservation). The host runs a newer kernel, so only a guest exercises that
/// path: famfs-vmprobe (tests/Famfs.VmProbe) makes device-dax refuse a mapping inside a mapping
/// window and checks /proc/self/maps for the reservation.
/// </summary>
[RequiresRoot]
public sealed class MmapRefillTests(ITestOutputHelper output)
{
    [Fact]
    public void A_failed_MAP_FIXED_on_Linux_6_1_leaves_the_window_reserved()
    {
        var probe = VmHarness.BuildWith("build-probe.sh");
        using var shm = new SharedMemoryFile();

        var guest = VmHarness.Run(new GuestSpec("probe", "probe.sh", shm.Path, new Dictionary<string, string>())
        {
            Files = [$"{probe}:/usr/bin/famfs-vmprobe"],
        }, output);

        guest.AssertPassed();
        guest.AssertConsoleContains("a failed MAP_FIXED over a reservation left a hole");
        guest.AssertConsoleContains("map-fixed-refill: all checks passed");
    }
}
