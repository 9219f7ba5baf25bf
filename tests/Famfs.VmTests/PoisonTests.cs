namespace Famfs.VmTests;

/// <summary>A memory failure reported in a guest (famfs poison) hits the file over the range and no other.</summary>
[RequiresRoot]
public sealed class PoisonTests(ITestOutputHelper output)
{
    [Fact]
    public void Poison_in_a_guest_fails_the_right_file()
    {
        using var shm = new SharedMemoryFile();

        var guest = VmHarness.Run(new GuestSpec("poison", "poison.sh", shm.Path, Identities.As(Identities.GuestA)), output);

        guest.AssertPassed();
        // The failure was reported on the guest (recorded in its /run): the host's view of the same
        // bytes is untouched, and nothing was written to the device.
        HostFamfs.RunChecked("verify", "-D", shm.Path, "-S", "2", "-f", "victim.bin");
        HostFamfs.RunChecked("fsck", shm.Path);
    }
}
