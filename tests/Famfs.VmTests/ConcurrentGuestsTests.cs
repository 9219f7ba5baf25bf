namespace Famfs.VmTests;

/// <summary>
/// Two guests on one shared memory at the same time: B (a client) waits with famfs watch for a
/// file A (the master) creates while B waits. They hand over through the memory itself: small
/// markers near the end of the device, far from anything the file system allocates.
/// </summary>
[RequiresRoot]
public sealed class ConcurrentGuestsTests(ITestOutputHelper output)
{
    [Fact]
    public void A_client_guest_watches_for_a_file_the_master_guest_creates()
    {
        using var shm = new SharedMemoryFile();
        var signals = new Dictionary<string, string>
        {
            ["SIGNAL_MKFS_OFFSET"] = "0xFFFFE000",
            ["SIGNAL_WATCHING_OFFSET"] = "0xFFFFF000",
            ["SIGNAL_ABORT_OFFSET"] = "0xFFFFD000",
        };

        using var a = VmHarness.Start(new GuestSpec("watch-A", "watch-master.sh", shm.Path,
            new Dictionary<string, string>(signals) { ["FAMFS_SYSTEM_UUID"] = Identities.GuestA }));
        using var b = VmHarness.Start(new GuestSpec("watch-B", "watch-client.sh", shm.Path,
            new Dictionary<string, string>(signals) { ["FAMFS_SYSTEM_UUID"] = Identities.GuestB }));
        var resultB = b.Wait(output);
        var resultA = a.Wait(output);

        resultA.AssertPassed();
        resultB.AssertPassed();
        resultB.AssertConsoleContains("watch exited 0 after");
        HostFamfs.RunChecked("verify", "-D", shm.Path, "-S", "77", "-f", "shared/ready.bin");
    }
}
