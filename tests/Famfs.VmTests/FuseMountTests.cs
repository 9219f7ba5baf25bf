namespace Famfs.VmTests;

/// <summary>A FUSE mount of /dev/dax0.0 inside a guest; the host then reads what went in through it.</summary>
[RequiresRoot]
public sealed class FuseMountTests(ITestOutputHelper output)
{
    [Fact]
    public void A_guest_mounts_dax_copies_in_and_compares_through_the_mount()
    {
        using var shm = new SharedMemoryFile();

        var guest = VmHarness.Run(new GuestSpec("fuse", "fuse.sh", shm.Path, Identities.As(Identities.GuestA)), output);

        guest.AssertPassed();
        HostFamfs.RunChecked("verify", "-D", shm.Path, "-S", "5", "-f", "seeded.bin");
        MasterClientTests.HostCatEquals(shm.Path, "bin/busybox", "/bin/busybox");
    }
}
