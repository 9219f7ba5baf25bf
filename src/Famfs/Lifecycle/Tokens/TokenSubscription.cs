namespace Famfs.Lifecycle;

/// <summary>
/// A handler registered for a token; dispose to unregister. After Dispose returns the handler
/// is not running and never runs again (when called from inside a handler: never runs again,
/// see <see cref="CallbackGate"/>). Dispose is safe at any time, any number of times.
/// </summary>
public sealed class TokenSubscription : IDisposable
{
    private readonly TokenEventRegistry _registry;
    private readonly CallbackGate _gate = new();

    internal TokenSubscription(TokenEventRegistry registry, LifecycleToken token, Action<TokenEvent> handler, IDisposable? lease)
    {
        _registry = registry;
        Token = token;
        Handler = handler;
        Lease = lease;
    }

    public LifecycleToken Token { get; }

    internal Action<TokenEvent> Handler { get; }

    /// <summary>The registry owner's work on behalf of this subscription, ended with it.</summary>
    internal IDisposable? Lease { get; }

    internal bool IsActive => !_gate.IsClosed;

    public void Dispose()
    {
        if (_gate.Close())
        {
            _registry.Forget(this);
        }
    }

    /// <summary>Calls the handler unless unregistered; returns what it threw, if anything.</summary>
    internal Exception? Deliver(TokenEvent tokenEvent)
    {
        if (!_gate.TryEnter())
        {
            return null;
        }

        try
        {
            Handler(tokenEvent);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
        finally
        {
            _gate.Exit();
        }
    }
}
