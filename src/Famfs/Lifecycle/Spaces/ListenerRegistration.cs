namespace Famfs.Lifecycle;

/// <summary>One <see cref="IRevocationListener"/> registered on an <see cref="AddressSpace"/>; dispose to unregister.</summary>
internal sealed class ListenerRegistration(AddressSpace space, IRevocationListener listener) : IDisposable
{
    private readonly CallbackGate _gate = new();

    /// <summary>Calls the listener unless it was unregistered; failures are collected, never thrown.</summary>
    public void Notify(RevocationReason reason, List<Exception> failures)
    {
        if (!_gate.TryEnter())
        {
            return;
        }

        try
        {
            listener.OnRevoked(space, reason);
        }
        catch (Exception e)
        {
            failures.Add(e);
        }
        finally
        {
            _gate.Exit();
        }
    }

    /// <summary>Unregisters; when this returns the listener is not running and will never be called again.</summary>
    public void Dispose()
    {
        if (_gate.Close())
        {
            space.RemoveListener(this);
        }
    }
}
