namespace Famfs.VmTests;

/// <summary>
/// Two guests mount one device-dax at the same time, A as master and B as a client, each through
/// its own FUSE mount in the default coherent cache mode. B reads a file (caching its pages), A
/// rewrites it in place, and B's mount serves A's new bytes within a few polls: the write
/// generation in shared memory, flushed from A's CPU cache and re-read by B's poll, is all that
/// carries the news. Both guests then see each other in `famfs hosts`, and a memory failure B
/// reports in another file fails that file, and only it, through A's mount.
/// </summary>
[RequiresRoot]
public sealed class CoherentGuestsTests(ITestOutputHelper output)
{
    [Fact]
    public void A_write_and_a_memory_failure_on_one_guest_reach_the_other_guests_mount()
    {
        using var shm = new SharedMemoryFile();
        var signals = new Dictionary<string, string>
        {
            ["SIGNAL_READY_OFFSET"] = "0xFFFFE000",
            ["SIGNAL_READ_OFFSET"] = "0xFFFFF000",
            ["SIGNAL_WRITTEN_OFFSET"] = "0xFFFFC000",
            ["SIGNAL_SEEN_OFFSET"] = "0xFFFFB000",
            ["SIGNAL_POISONED_OFFSET"] = "0xFFFFA000",
            ["SIGNAL_ABORT_OFFSET"] = "0xFFFFD000",
        };

        using var a = VmHarness.Start(new GuestSpec("coherent-A", "coherent-master.sh", shm.Path,
            new Dictionary<string, string>(signals) { ["FAMFS_SYSTEM_UUID"] = Identities.GuestA }));
        using var b = VmHarness.Start(new GuestSpec("coherent-B", "coherent-client.sh", shm.Path,
            new Dictionary<string, string>(signals) { ["FAMFS_SYSTEM_UUID"] = Identities.GuestB }));
        var resultB = b.Wait(output);
        var resultA = a.Wait(output);

        resultA.AssertPassed();
        resultB.AssertPassed();
        resultB.AssertConsoleContains("client saw HELLO after");
        // The host, a third host reading the backing file: the bytes A wrote, and B's report.
        Assert.StartsWith("HELLO", HostFamfs.RunChecked("cat", "-D", shm.Path, "shared.bin").StdOut, StringComparison.Ordinal);
        var fsck = HostFamfs.Run("fsck", shm.Path);
        Assert.True(fsck.ExitCode == 1, $"host: famfs fsck should report B's memory failure (exit 1) → {fsck}");
        Assert.Contains($"reported by host {Identities.GuestB}", fsck.StdOut, StringComparison.Ordinal);
        Assert.Contains("'victim.bin'", fsck.StdOut, StringComparison.Ordinal);
    }
}
