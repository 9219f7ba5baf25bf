namespace Famfs.Lifecycle;

/// <summary>A live set of events under a token (made by <see cref="TokenEventRegistry.CreateSet"/>); dispose to destroy it.</summary>
public sealed class TokenSet : IDisposable
{
    private readonly TokenEventRegistry _registry;
    private int _destroyed;

    internal TokenSet(TokenEventRegistry registry, LifecycleToken token)
    {
        _registry = registry;
        Token = token;
    }

    public LifecycleToken Token { get; }

    /// <summary>Publishes Revoked or Poisoned to the token's subscribers (Created and Destroyed come from the set's lifetime).</summary>
    public void Publish(TokenEventKind kind, string? detail)
    {
        if (kind is TokenEventKind.Created or TokenEventKind.Destroyed)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Created and Destroyed are published by creating and disposing the set");
        }

        ObjectDisposedException.ThrowIf(!TryPublish(kind, detail), this);
    }

    /// <summary>Publishes unless the set is destroyed (a revocation may race with the destroy).</summary>
    internal bool TryPublish(TokenEventKind kind, string? detail)
    {
        if (Volatile.Read(ref _destroyed) != 0)
        {
            return false;
        }

        _registry.Publish(Token, kind, detail);
        return true;
    }

    /// <summary>Destroys the set and publishes Destroyed; subscriptions stay, waiting for a new set.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _destroyed, 1) == 0)
        {
            _registry.DestroySet(Token);
        }
    }

    public override string ToString() => $"token set {Token}";
}
