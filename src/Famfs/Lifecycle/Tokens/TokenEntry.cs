namespace Famfs.Lifecycle;

/// <summary>
/// Everything the registry knows about one token, guarded by the registry lock. The subscriber
/// list belongs to the token, not to the set: a set never owns anything a subscriber
/// references, so destroying it cannot free what an unregister is about to touch (no
/// use after free), and there is no per-set lock to order against the registry lock.
/// </summary>
internal sealed class TokenEntry
{
    public bool SetExists { get; set; }

    /// <summary>Copy-on-write, so a deliverer can walk a snapshot without the lock.</summary>
    public TokenSubscription[] Subscribers { get; set; } = [];

    /// <summary>Events published but not yet delivered, in publication order.</summary>
    public Queue<TokenEvent> Pending { get; } = new();

    /// <summary>True while one thread is draining <see cref="Pending"/>; others only enqueue.</summary>
    public bool Delivering { get; set; }

    public bool IsUnused => !SetExists && Subscribers.Length == 0 && Pending.Count == 0 && !Delivering;
}
