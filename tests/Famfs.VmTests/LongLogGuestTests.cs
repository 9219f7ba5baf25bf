namespace Famfs.VmTests;

/// <summary>
/// fsck of a log long enough to be read ahead on a second thread (2,102 entries), on
/// device-dax in a guest with two processors: the log is read in place through the mapping,
/// and the CRC checks are shared between the threads.
/// </summary>
[RequiresRoot]
public sealed class LongLogGuestTests(ITestOutputHelper output)
{
    [Fact]
    public void Fsck_on_device_dax_reads_a_long_log_ahead_and_finds_a_broken_crc_in_it()
    {
        using var shm = new SharedMemoryFile();

        var guest = VmHarness.Run(new GuestSpec("long-log", "long-log.sh", shm.Path, Identities.As(Identities.GuestA)) { Cpus = 2 }, output);

        guest.AssertPassed();
        var fsck = HostFamfs.Run("fsck", shm.Path);
        Assert.True(fsck.ExitCode == 1, $"host: famfs fsck should find the CRC the guest broke (exit 1) → {fsck}");
        Assert.Contains("log entry 1500 (MKDIR 'many/d1500'): CRC is", fsck.StdOut, StringComparison.Ordinal);
    }
}
