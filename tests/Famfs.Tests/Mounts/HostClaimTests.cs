using System.Diagnostics;
using Famfs.Devices;
using Famfs.Errors;
using Famfs.Mounts;

namespace Famfs.Tests.Mounts;

/// <summary>
/// HostClaim.IsHeld probes by briefly taking LOCK_SH: a mount's Acquire racing with such a
/// probe (famfs mount listings) must not fail with EBUSY, while a claim really held still does.
/// </summary>
[RequiresRoot]
public sealed class HostClaimTests : IDisposable
{
    private readonly DeviceIdentity _device = new(DeviceKind.RegularFile, 0, 0, (ulong)Random.Shared.NextInt64(1, long.MaxValue));
    private readonly Guid _system = Guid.NewGuid();

    public void Dispose() => File.Delete(HostClaim.PathFor(_device, _system));

    [Fact]
    public void Acquire_is_not_refused_because_of_concurrent_IsHeld_probes()
    {
        using (HostClaim.Acquire(_device, _system, "/dev/test-claim"))
        {
            // Creates the claim file, so the probes below find it.
        }

        var path = HostClaim.PathFor(_device, _system);
        using var stop = new CancellationTokenSource();
        var probers = Enumerable.Range(0, 2).Select(_ => new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                HostClaim.IsHeld(path);
            }
        })).ToList();
        probers.ForEach(thread => thread.Start());
        try
        {
            var clock = Stopwatch.StartNew();
            var acquired = 0;
            while (clock.Elapsed < TimeSpan.FromSeconds(2))
            {
                using var claim = HostClaim.Acquire(_device, _system, "/dev/test-claim");
                acquired++;
            }

            Assert.True(acquired > 0);
        }
        finally
        {
            stop.Cancel();
            probers.ForEach(thread => thread.Join());
        }
    }

    [Fact]
    public void Claim_really_held_is_refused_with_EBUSY_after_the_retries()
    {
        using var holder = HostClaim.Acquire(_device, _system, "/dev/test-claim");
        Assert.True(HostClaim.IsHeld(holder.FilePath));

        var clock = Stopwatch.StartNew();
        var error = Assert.Throws<FamfsException>(() => HostClaim.Acquire(_device, _system, "/dev/test-claim"));

        Assert.Equal(Errno.EBUSY, error.Errno);
        Assert.True(clock.Elapsed >= HostClaim.BusyRetryTime - TimeSpan.FromMilliseconds(20));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void A_claim_no_daemon_holds_is_swept_with_its_socket_and_admin_folder_and_a_held_one_is_not()
    {
        var deadDevice = _device with { Inode = _device.Inode ^ 1 };
        var dead = HostClaim.PathFor(deadDevice, _system);
        File.WriteAllText(dead, "{}"); // what a killed daemon leaves: a claim file nobody locks
        File.WriteAllText(HostClaim.SocketFor(dead), string.Empty);
        Directory.CreateDirectory(HostClaim.AdminFolderFor(dead));

        using var live = HostClaim.Acquire(_device, _system, "/dev/test-claim"); // sweeps first, then claims

        Assert.False(File.Exists(dead), "the dead claim was left");
        Assert.False(File.Exists(HostClaim.SocketFor(dead)), "the dead claim's socket was left");
        Assert.False(Directory.Exists(HostClaim.AdminFolderFor(dead)), "the dead claim's admin folder was left");
        Assert.Equal(0, StaleClaims.Remove());
        Assert.True(File.Exists(live.FilePath) && HostClaim.IsHeld(live.FilePath), "a held claim was swept");
    }

    [Fact]
    public void A_released_claim_is_removed_and_can_be_claimed_again()
    {
        string path;
        using (var first = HostClaim.Acquire(_device, _system, "/dev/test-claim"))
        {
            path = first.FilePath;
        }

        Assert.False(File.Exists(path));
        using var second = HostClaim.Acquire(_device, _system, "/dev/test-claim");
        Assert.True(HostClaim.IsHeld(path));
    }
}
