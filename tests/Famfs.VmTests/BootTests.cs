namespace Famfs.VmTests;

/// <summary>The harness itself: the guest's /dev/dax0.0 is the host's /dev/shm file, byte for byte.</summary>
[RequiresRoot]
public sealed class BootTests(ITestOutputHelper output)
{
    [Fact]
    public void The_guests_dax_device_is_the_host_file_and_the_payload_runs()
    {
        using var shm = new SharedMemoryFile();
        var hostMarker = $"host-{Guid.NewGuid():N}";
        var guestMarker = $"guest-{Guid.NewGuid():N}";
        // Offset 0 and the last page: the device starts and ends where the file does.
        shm.WriteText(0, hostMarker);
        shm.WriteText(SharedMemoryFile.Size - 4096, hostMarker);

        var guest = VmHarness.Run(new GuestSpec("boot", "boot.sh", shm.Path,
            new Dictionary<string, string> { ["HOST_MARKER"] = hostMarker, ["GUEST_MARKER"] = guestMarker }), output);

        guest.AssertPassed();
        guest.AssertConsoleContains("FAMFS-VM-DAX size=4294967296 align=2097152");
        Assert.Equal(guestMarker, shm.ReadText(0x200000, guestMarker.Length));
    }
}
