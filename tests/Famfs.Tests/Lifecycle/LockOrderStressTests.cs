using Famfs.Errors;
using Famfs.Lifecycle;

namespace Famfs.Tests.Lifecycle;

/// <summary>
/// Every lifecycle lock at once from many threads: files created and destroyed, mapped and read,
/// revoked, claimed, poisoned-free; token handlers registering and unregistering. A lock-order
/// inversion shows up as a hang, which the watchdog turns into a failure.
/// </summary>
public sealed class LockOrderStressTests : IDisposable
{
    private const int Files = 4;
    private readonly TempDevice _shm = TempDevice.CreateSparse("lifecycle", 64 * Units.MiB);
    private readonly TokenEventRegistry _events = new();

    public void Dispose() => _shm.Dispose();

    [Fact]
    public void Creating_mapping_revoking_claiming_and_subscribing_concurrently_never_deadlocks()
    {
        var unexpected = new List<Exception>();
        Watchdog.Run(TimeSpan.FromSeconds(15), () =>
        {
            var stop = DateTime.UtcNow + TimeSpan.FromSeconds(2);
            var workers = Enumerable.Range(0, 8).Select(worker => new Thread(() =>
            {
                var random = new Random(worker);
                while (DateTime.UtcNow < stop)
                {
                    try
                    {
                        Step(worker % 4, random.Next(Files));
                    }
                    catch (Exception e) when (IsExpectedRace(e))
                    {
                        // Losing a race (file exists, range claimed, file revoked) is the API working.
                    }
                    catch (Exception e)
                    {
                        lock (unexpected)
                        {
                            unexpected.Add(e);
                        }
                    }
                }
            })).ToList();
            workers.ForEach(thread => thread.Start());
            workers.ForEach(thread => thread.Join());
        });

        Assert.Empty(unexpected);
    }

    private void Step(int role, int file)
    {
        var name = $"/stress/{file}";
        var range = new DeviceRange((ulong)file * 4096, 4096);
        switch (role)
        {
            case 0:
                using (var space = AddressSpace.Create(name, [new DeviceExtent(_shm.Device.Identity, range)], _events))
                using (var mapping = space.Map(_shm.Device, range.Start, range.Bytes, writable: false))
                {
                    using (var access = mapping.Access())
                    {
                        _ = access.Read(0, 8)[0];
                    }

                    if (file % 2 == 0)
                    {
                        space.Revoke("stress");
                    }
                }

                break;
            case 1:
                DeviceRangeIndex.For(_shm.Device).Claim(range, exclusive: file % 2 == 0, "stress").Dispose();
                break;
            case 2:
                using (var view = RawDeviceView.Map(_shm.Device, range, writable: false, "stress view"))
                using (var access = view.Access())
                {
                    _ = access.Read(0, 8)[0];
                }

                break;
            default:
                var token = LifecycleToken.ForPath(name);
                using (_events.Register(token, e =>
                {
                    if (e.Kind == TokenEventKind.Revoked)
                    {
                        // Re-enter the registry from inside a delivery, on another token.
                        _events.Register(LifecycleToken.ForPath(name + "/child"), _ => GC.KeepAlive(e)).Dispose();
                    }
                }))
                {
                    Thread.Yield();
                }

                break;
        }
    }

    private static bool IsExpectedRace(Exception e) =>
        e is MappingRevokedException or DeviceRangeBusyException
        || e is FamfsException { Errno: Errno.EEXIST };
}
