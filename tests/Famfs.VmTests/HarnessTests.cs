namespace Famfs.VmTests;

/// <summary>The harness's own promises: a failing or hanging guest is reported with its console, never as a bare "failed".</summary>
[RequiresRoot]
public sealed class HarnessTests(ITestOutputHelper output)
{
    [Fact]
    public void A_failing_guest_names_the_step_and_quotes_the_console()
    {
        using var shm = new SharedMemoryFile();

        var guest = VmHarness.Run(new GuestSpec("fails", "fail.sh", shm.Path, new Dictionary<string, string>()), output);

        Assert.Equal(3, guest.ExitCode);
        var message = guest.Describe("failed");
        Assert.Contains("FAMFS-VM-STEP-FAILED deliberate failure (exit 3)", message, StringComparison.Ordinal);
        Assert.Contains("output-before-the-failure", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hanging_guest_is_killed_at_its_timeout_with_the_console()
    {
        using var shm = new SharedMemoryFile();

        var guest = VmHarness.Run(new GuestSpec("hangs", "hang.sh", shm.Path, new Dictionary<string, string>())
        {
            Timeout = TimeSpan.FromSeconds(20),
        }, output);

        Assert.Equal(124, guest.ExitCode); // run-guest.sh: timed out
        Assert.True(guest.Elapsed < TimeSpan.FromSeconds(40), $"the guest ran {guest.Elapsed} despite its 20 s limit");
        var message = guest.Describe("timed out");
        Assert.Contains("timed out after 20s", message, StringComparison.Ordinal);
        Assert.Contains("about to hang", message, StringComparison.Ordinal);
    }
}
