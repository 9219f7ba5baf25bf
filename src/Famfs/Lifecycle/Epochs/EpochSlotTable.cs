namespace Famfs.Lifecycle;

/// <summary>
/// Every <see cref="EpochSlot"/> ever handed to a thread, so a grace period can scan them.
/// Slots of dead threads are recycled: a thread's lease object lives in a thread-static field,
/// becomes unreachable when the thread exits, and its finalizer returns the slot.
/// </summary>
internal sealed class EpochSlotTable
{
    private readonly Lock _lock = new();
    private readonly Stack<EpochSlot> _free = new();
    private EpochSlot[] _all = [];

    public EpochSlot Rent()
    {
        lock (_lock)
        {
            if (_free.TryPop(out var recycled))
            {
                return recycled;
            }

            var slot = new EpochSlot();
            _all = [.. _all, slot];
            return slot;
        }
    }

    public void Return(EpochSlot slot)
    {
        lock (_lock)
        {
            _free.Push(slot);
        }
    }

    /// <summary>
    /// The slots as of now. Taken under the lock on purpose: a thread that registers its slot
    /// after this returns does so after our earlier stores are visible to it, so it will see
    /// whatever state change the caller made before starting the grace period.
    /// </summary>
    public EpochSlot[] Snapshot()
    {
        lock (_lock)
        {
            return _all;
        }
    }
}
