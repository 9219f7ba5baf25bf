namespace Famfs.Lifecycle;

/// <summary>
/// The operations of one kind of subscriber (mmu_notifier_ops). The ops object's identity is
/// the key: <see cref="NotifierRegistry.Get"/> returns one subscription per (ops, space).
/// </summary>
public interface INotifierOps
{
    /// <summary>Makes the subscription for <paramref name="space"/> on first use. Must not call back into the registry.</summary>
    NotifierSubscription Allocate(AddressSpace space);

    /// <summary>Frees it, after the last Put and a grace period: no callback of it is running or will run.</summary>
    void Free(NotifierSubscription subscription);
}
