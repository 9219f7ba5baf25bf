using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Famfs.Lifecycle;

/// <summary>
/// The read side of every mapping: an epoch scheme in the spirit of SRCU and of FASTER's
/// LightEpoch, with asymmetric fences.
///
/// Reader: store the current global epoch in its own padded slot, then read the mapping's
/// state. No interlocked instruction and no hardware fence: two plain (volatile) accesses to
/// lines the thread owns or only reads, which is what keeps the section under a few ns.
///
/// Writer (revoke, unmap, deferred free): change the state, advance the epoch, then call
/// <see cref="Interlocked.MemoryBarrierProcessWide"/> (membarrier(2)): that forces a full
/// barrier on every running thread of the process, so after it returns each reader either has
/// its slot store visible to us or will see the new state. Then it waits for every slot that
/// holds an epoch older than the new one; readers that enter later see the new state and bail.
/// </summary>
internal static class ReaderEpoch
{
    private static readonly EpochSlotTable Slots = new();

    private static long s_epoch = 1;

    [ThreadStatic]
    private static EpochSlot? t_slot;

    [ThreadStatic]
    private static SlotLease? t_lease;

    /// <summary>True when the calling thread is inside a read section (it must not wait for readers).</summary>
    public static bool InReadSection => t_slot is { Epoch: not 0 };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadSection Enter()
    {
        var slot = t_slot ?? AttachThread();
        var outer = slot.Epoch;
        if (outer == 0)
        {
            Volatile.Write(ref slot.Epoch, Volatile.Read(ref s_epoch));
        }

        return new ReadSection(slot, outer);
    }

    /// <summary>Starts a new epoch; readers that enter from now on see every store made before the call.</summary>
    public static long Advance() => Interlocked.Increment(ref s_epoch);

    /// <summary>
    /// Waits until no thread other than the caller is in a read section that started before
    /// <paramref name="target"/> (a value returned by <see cref="Advance"/>).
    /// Returns false if <paramref name="timeout"/> expired first.
    /// </summary>
    public static bool WaitForReadersBefore(long target, TimeSpan timeout)
    {
        Interlocked.MemoryBarrierProcessWide();
        var own = t_slot;
        var clock = Stopwatch.StartNew();
        foreach (var slot in Slots.Snapshot())
        {
            if (ReferenceEquals(slot, own))
            {
                continue;
            }

            var spinner = default(SpinWait);
            while (IsOlder(Volatile.Read(ref slot.Epoch), target))
            {
                if (timeout != Timeout.InfiniteTimeSpan && clock.Elapsed > timeout)
                {
                    return false;
                }

                spinner.SpinOnce(sleep1Threshold: 40);
            }
        }

        return true;
    }

    /// <summary>A full grace period: every read section that started before the call has ended.</summary>
    public static bool Synchronize(TimeSpan timeout) => WaitForReadersBefore(Advance(), timeout);

    /// <summary>Refuses operations that wait for readers when the caller is itself a reader (it would wait for itself).</summary>
    public static void ThrowIfInReadSection(string operation)
    {
        if (InReadSection)
        {
            throw new InvalidOperationException(
                $"cannot {operation} inside a read section (a MappingAccess or a notifier callback): it waits for readers, including this thread");
        }
    }

    private static bool IsOlder(long slotEpoch, long target) => slotEpoch != 0 && slotEpoch < target;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static EpochSlot AttachThread()
    {
        var slot = Slots.Rent();
        t_lease = new SlotLease(slot);
        t_slot = slot;
        return slot;
    }

    /// <summary>Returns a dead thread's slot to the table (see <see cref="EpochSlotTable"/>).</summary>
    private sealed class SlotLease(EpochSlot slot)
    {
        ~SlotLease() => Slots.Return(slot);
    }
}
