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
}
