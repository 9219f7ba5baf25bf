using Famfs.Errors;

namespace Famfs.Lifecycle;

/// <summary>
/// Get/Put of shared invalidation subscriptions (as mmu_notifier_get/put): one
/// subscription per (ops, space), found or allocated under the space's subscription lock,
/// refcounted, unlinked by the last Put and freed only after a grace period (SRCU style), so a
/// callback that already picked it up finishes before <see cref="INotifierOps.Free"/> runs.
/// </summary>
public sealed class NotifierRegistry
{
    private readonly GracePeriodQueue _frees = new();
    private readonly int _maxUsers;

    public NotifierRegistry()
        : this(int.MaxValue)
    {
    }

    /// <summary>A registry with a lower use-count ceiling, to test overflow.</summary>
    internal NotifierRegistry(int maxUsers) => _maxUsers = maxUsers;

    /// <summary>The registry the library uses.</summary>
    public static NotifierRegistry Shared { get; } = new();

    /// <summary>Frees not yet run.</summary>
    public int PendingFrees => _frees.Outstanding;

    /// <summary>
    /// The subscription of <paramref name="ops"/> on <paramref name="space"/>, with one more use.
    /// Allocation runs outside every lock; if two threads race, the loser's allocation is freed
    /// at once (it was never visible) and both get the winner's.
    /// </summary>
    /// <exception cref="FamfsException">EOVERFLOW when the use count is at its maximum; ENXIO when the space is destroyed.</exception>
    public NotifierSubscription Get(INotifierOps ops, AddressSpace space)
    {
        ArgumentNullException.ThrowIfNull(ops);
        ArgumentNullException.ThrowIfNull(space);
        if (TryGetExisting(ops, space) is { } existing)
        {
            return existing;
        }

        var fresh = ops.Allocate(space) ?? throw new InvalidOperationException($"{ops.GetType().Name}.Allocate returned null");
        fresh.Space = space;
        fresh.Ops = ops;
        fresh.Registry = this;
        fresh.Users = 1;
        bool published;
        lock (space.SubscriptionLock)
        {
            published = Find(ops, space) is null && !space.IsDestroyed;
            if (published)
            {
                space.Subscriptions = [.. space.Subscriptions, fresh];
            }
        }

        if (published)
        {
            return fresh;
        }

        ops.Free(fresh);
        return TryGetExisting(ops, space) ?? Get(ops, space);
    }

    /// <summary>
    /// Drops one use. The last Put unlinks the subscription (no new callback will pick it up) and
    /// queues its free behind a grace period. Never blocks: it may be called from a callback.
    /// </summary>
    public void Put(NotifierSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var space = subscription.Space;
        lock (space.SubscriptionLock)
        {
            if (subscription.Users <= 0)
            {
                throw new InvalidOperationException($"Put without a matching Get on the {subscription.Ops.GetType().Name} subscription of {space.Name}");
            }

            if (--subscription.Users > 0)
            {
                return;
            }

            space.Subscriptions = [.. space.Subscriptions.Where(other => !ReferenceEquals(other, subscription))];
        }

        subscription.Registry._frees.Defer(() => subscription.Ops.Free(subscription));
    }

    /// <summary>
    /// Waits until every free queued by a Put before this call has run; after it returns, no
    /// callback of those subscriptions is running or will run. Not allowed inside a callback.
    /// </summary>
    public void Synchronize() => _frees.Synchronize();

    private NotifierSubscription? TryGetExisting(INotifierOps ops, AddressSpace space)
    {
        lock (space.SubscriptionLock)
        {
            ThrowIfDestroyed(space);
            if (Find(ops, space) is not { } existing)
            {
                return null;
            }

            if (existing.Users >= _maxUsers)
            {
                throw new FamfsException(Errno.EOVERFLOW,
                    $"the {ops.GetType().Name} subscription of {space.Name} already has {existing.Users} users",
                    "Put the subscription where it is no longer needed");
            }

            existing.Users++;
            return existing;
        }
    }

    private static NotifierSubscription? Find(INotifierOps ops, AddressSpace space) =>
        Array.Find(space.Subscriptions, candidate => ReferenceEquals(candidate.Ops, ops));

    private static void ThrowIfDestroyed(AddressSpace space)
    {
        if (space.IsDestroyed)
        {
            throw new FamfsException(Errno.ENXIO, $"{space.Name} is destroyed; it takes no new subscriptions");
        }
    }
}
