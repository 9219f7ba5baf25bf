using System.Diagnostics;

namespace Famfs.Lifecycle;

/// <summary>
/// Where a revocation waits for mappings that a concurrent revocation marked first (a claim or
/// a memory failure racing a file revoke). Only the first marks a mapping, and it may still be
/// waiting for readers; without this the second would return while the memory is still mapped.
/// </summary>
internal static class ReplacementGate
{
    /// <summary>A waiter re-checks at least this often, so a mapping released without an announcement (disposed) is noticed.</summary>
    private static readonly TimeSpan Recheck = TimeSpan.FromMilliseconds(10);

    private static readonly object Gate = new(); // Monitor, for Wait/PulseAll

    /// <summary>Wakes the waiters: some mappings were just replaced.</summary>
    public static void Announce()
    {
        lock (Gate)
        {
            Monitor.PulseAll(Gate);
        }
    }

    /// <summary>Waits until every mapping was replaced or released; false if <paramref name="timeout"/> passed first.</summary>
    public static bool WaitUntilReplaced(List<MappingHandle> mappings, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        lock (Gate)
        {
            foreach (var mapping in mappings)
            {
                while (!mapping.Native.IsInaccessibleOrClosed)
                {
                    var left = timeout - clock.Elapsed;
                    if (left <= TimeSpan.Zero)
                    {
                        return false;
                    }

                    Monitor.Wait(Gate, left < Recheck ? left : Recheck);
                }
            }
        }

        return true;
    }
}
