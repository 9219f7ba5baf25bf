using Famfs.Errors;

namespace Famfs.Lifecycle;

/// <summary>
/// Event subscriptions keyed by a token, usable before the set behind the token
/// exists: a handler registered early simply waits in the token's entry and sees Created.
///
/// One lock, never held while a handler runs. Publishing enqueues the event under the lock; the
/// first publisher to find nobody delivering for that token becomes the deliverer and drains
/// the queue outside the lock, so per-token order is the publication order and a handler may
/// publish, register or unregister (any token) without a lock-order inversion.
/// </summary>
public sealed class TokenEventRegistry
{
    private readonly Lock _lock = new();
    private readonly Dictionary<LifecycleToken, TokenEntry> _entries = [];
    private readonly Func<LifecycleToken, IDisposable?>? _onSubscribe;

    public TokenEventRegistry()
    {
    }

    /// <summary>
    /// A registry whose owner must do work for as long as somebody listens to a token (a file
    /// system polls the log while anybody subscribes to a path): <paramref name="onSubscribe"/>
    /// runs for each new subscription, and what it returns is disposed with the subscription.
    /// </summary>
    internal TokenEventRegistry(Func<LifecycleToken, IDisposable?> onSubscribe) => _onSubscribe = onSubscribe;

    /// <summary>
    /// Raised when a handler throws. Publishing never fails because of a handler: a broken
    /// subscriber must not stop a file from being created, revoked or destroyed.
    /// </summary>
    public event Action<TokenEvent, Exception>? HandlerFailed;

    /// <summary>The registry the library publishes to by default.</summary>
    public static TokenEventRegistry Shared { get; } = new();

    /// <summary>
    /// Registers <paramref name="handler"/> for events of <paramref name="token"/>, whether or not
    /// the set exists yet. Handlers must not throw; they run on the publishing thread.
    /// </summary>
    /// <exception cref="FamfsException">EBUSY when the same handler is already registered for the token.</exception>
    public TokenSubscription Register(LifecycleToken token, Action<TokenEvent> handler) => Register(token, handler, out _);

    /// <summary>Whether a set with this token exists now.</summary>
    public bool Exists(LifecycleToken token)
    {
        lock (_lock)
        {
            return _entries.TryGetValue(token, out var entry) && entry.SetExists;
        }
    }

    /// <summary>Whether anybody is registered for <paramref name="token"/> now (whether or not its set exists).</summary>
    public bool HasSubscribers(LifecycleToken token)
    {
        lock (_lock)
        {
            return _entries.TryGetValue(token, out var entry) && entry.Subscribers.Length > 0;
        }
    }

    /// <summary>Creates the set behind <paramref name="token"/> and publishes Created.</summary>
    /// <exception cref="FamfsException">EEXIST when a set with that token is live.</exception>
    public TokenSet CreateSet(LifecycleToken token)
    {
        TokenEntry entry;
        bool deliver;
        lock (_lock)
        {
            entry = EntryFor(token);
            if (entry.SetExists)
            {
                throw new FamfsException(Errno.EEXIST, $"{token} already has a live set",
                    "use the existing one (there is one address space per file)");
            }

            entry.SetExists = true;
            deliver = Enqueue(entry, new TokenEvent(token, TokenEventKind.Created, null));
        }

        var set = new TokenSet(this, token);
        if (deliver)
        {
            Drain(token, entry);
        }

        return set;
    }

    /// <summary>
    /// Completes when the set behind <paramref name="token"/> exists: at once if it does now,
    /// otherwise at its Created event. Cancelling unregisters the internal handler.
    /// </summary>
    public async Task WaitForTokenAsync(LifecycleToken token, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = Register(token, e =>
        {
            if (e.Kind == TokenEventKind.Created)
            {
                created.TrySetResult();
            }
        }, out var exists);
        if (exists)
        {
            return;
        }

        await using var cancellation = cancellationToken.Register(() => created.TrySetCanceled(cancellationToken));
        await created.Task.ConfigureAwait(false);
    }

    internal void Publish(LifecycleToken token, TokenEventKind kind, string? detail)
    {
        TokenEntry entry;
        bool deliver;
        lock (_lock)
        {
            entry = EntryFor(token);
            deliver = Enqueue(entry, new TokenEvent(token, kind, detail));
        }

        if (deliver)
        {
            Drain(token, entry);
        }
    }

    internal void DestroySet(LifecycleToken token)
    {
        TokenEntry entry;
        bool deliver;
        lock (_lock)
        {
            entry = EntryFor(token);
            entry.SetExists = false;
            deliver = Enqueue(entry, new TokenEvent(token, TokenEventKind.Destroyed, null));
        }

        if (deliver)
        {
            Drain(token, entry);
        }
    }

    internal void Forget(TokenSubscription subscription)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(subscription.Token, out var entry))
            {
                entry.Subscribers = [.. entry.Subscribers.Where(other => !ReferenceEquals(other, subscription))];
                RemoveIfUnused(subscription.Token, entry);
            }
        }

        subscription.Lease?.Dispose();
    }

    private TokenSubscription Register(LifecycleToken token, Action<TokenEvent> handler, out bool setExists)
    {
        ArgumentNullException.ThrowIfNull(handler);
        // Taken before the subscription is visible, so the owner's work covers every event it can hear.
        var lease = _onSubscribe?.Invoke(token);
        try
        {
            lock (_lock)
            {
                var entry = EntryFor(token);
                if (Array.Exists(entry.Subscribers, existing => existing.IsActive && existing.Handler.Equals(handler)))
                {
                    throw new FamfsException(Errno.EBUSY, $"this handler is already registered for {token}",
                        "dispose the existing subscription first, or keep using it");
                }

                var subscription = new TokenSubscription(this, token, handler, lease);
                entry.Subscribers = [.. entry.Subscribers, subscription];
                setExists = entry.SetExists;
                return subscription;
            }
        }
        catch
        {
            lease?.Dispose();
            throw;
        }
    }

    /// <summary>Queues an event; true when the caller must deliver (nobody else is). Call under the lock.</summary>
    private static bool Enqueue(TokenEntry entry, TokenEvent tokenEvent)
    {
        entry.Pending.Enqueue(tokenEvent);
        if (entry.Delivering)
        {
            return false;
        }

        entry.Delivering = true;
        return true;
    }

    /// <summary>Delivers queued events until none is left.</summary>
    private void Drain(LifecycleToken token, TokenEntry entry)
    {
        while (true)
        {
            TokenEvent next;
            TokenSubscription[] subscribers;
            lock (_lock)
            {
                if (!entry.Pending.TryDequeue(out next))
                {
                    entry.Delivering = false;
                    RemoveIfUnused(token, entry);
                    break;
                }

                subscribers = entry.Subscribers;
            }

            foreach (var subscriber in subscribers)
            {
                if (subscriber.Deliver(next) is { } failure)
                {
                    HandlerFailed?.Invoke(next, failure);
                }
            }
        }
    }

    private TokenEntry EntryFor(LifecycleToken token)
    {
        if (!_entries.TryGetValue(token, out var entry))
        {
            entry = new TokenEntry();
            _entries.Add(token, entry);
        }

        return entry;
    }

    private void RemoveIfUnused(LifecycleToken token, TokenEntry entry)
    {
        if (entry.IsUnused)
        {
            _entries.Remove(token);
        }
    }
}
