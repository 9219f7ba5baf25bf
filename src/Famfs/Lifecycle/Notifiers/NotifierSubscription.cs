namespace Famfs.Lifecycle;

/// <summary>
/// A refcounted invalidation subscription on one <see cref="AddressSpace"/> (a struct
/// mmu_notifier). Callbacks run inside a read section: they must be short, must not wait for
/// readers (no Revoke, no Synchronize), but may call <see cref="NotifierRegistry.Put"/>.
/// </summary>
public abstract class NotifierSubscription
{
    /// <summary>The file subscribed to; set by the registry before the subscription is published.</summary>
    public AddressSpace Space { get; internal set; } = null!;

    /// <summary>The ops that allocated it (its key together with <see cref="Space"/>).</summary>
    public INotifierOps Ops { get; internal set; } = null!;

    /// <summary>Gets not yet matched by Puts.</summary>
    public int UseCount => Volatile.Read(ref Users);

    /// <summary>The registry whose grace-period queue frees it.</summary>
    internal NotifierRegistry Registry { get; set; } = null!;

    /// <summary>Guarded by <see cref="AddressSpace.SubscriptionLock"/>.</summary>
    internal int Users;

    /// <summary>Part of the file is about to become inaccessible: stop using it.</summary>
    public virtual void InvalidateRangeStart(in InvalidationRange range)
    {
    }

    /// <summary>That part is now inaccessible.</summary>
    public virtual void InvalidateRangeEnd(in InvalidationRange range)
    {
    }

    /// <summary>The space is being destroyed. The subscription stays valid until its last Put.</summary>
    public virtual void Release(AddressSpace space)
    {
    }
}
