using Famfs.Devices;
using Famfs.Errors;
using Famfs.Interop;

namespace Famfs.Lifecycle;

/// <summary>
/// The lifecycle of one famfs file in this process (one per file and process, as the kernel
/// has one inode and address_space). It knows the device extents the file covers and every live mapping, listener and
/// notifier subscription of the file, so revoking this file reaches all of them and nothing
/// else: other files' mappings are never touched, even over adjacent device ranges.
/// </summary>
public sealed class AddressSpace : IDisposable
{
    private readonly Lock _lock = new();
    private readonly HashSet<MappingHandle> _mappings = [];
    private readonly TokenSet _tokenSet;
    private ListenerRegistration[] _listeners = [];
    private NotifierSubscription[] _subscriptions = [];
    private RevocationReason? _revocation;
    private bool _destroyed;

    private AddressSpace(string name, IReadOnlyList<DeviceExtent> extents, TokenSet tokenSet)
    {
        Name = name;
        Extents = extents;
        _tokenSet = tokenSet;
    }

    /// <summary>The file's path (it names the file in errors and is its token).</summary>
    public string Name { get; }

    public IReadOnlyList<DeviceExtent> Extents { get; }

    /// <summary>The token under which this file's events are published: <see cref="LifecycleToken.ForAddressSpace"/> of <see cref="Name"/>.</summary>
    public LifecycleToken Token => _tokenSet.Token;

    /// <summary>Why the whole file was revoked or destroyed; null while it is usable.</summary>
    public RevocationReason? Revocation => Volatile.Read(ref _revocation);

    public bool IsRevoked => Revocation is not null;

    public int MappingCount
    {
        get
        {
            lock (_lock)
            {
                return _mappings.Count;
            }
        }
    }

    /// <summary>
    /// Creates the space of a file and announces it (a Created event on its token, EEXIST if a
    /// space with that name is live in <paramref name="events"/>). The extents are registered
    /// in their devices' indexes so claims and memory failures find the file even unmapped.
    /// </summary>
    internal static AddressSpace Create(string name, IEnumerable<DeviceExtent> extents, TokenEventRegistry? events = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        // A file may have no bytes on the device at all (a size-0 FILE entry with a length-0
        // extent is valid on media): its space simply has nothing to map or revoke.
        IReadOnlyList<DeviceExtent> list = [.. extents];

        var space = new AddressSpace(name, list, (events ?? TokenEventRegistry.Shared).CreateSet(LifecycleToken.ForAddressSpace(name)));
        foreach (var device in space.Devices)
        {
            DeviceRangeIndex.For(device).AddSpace(space);
        }

        return space;
    }

    /// <summary>Maps [deviceOffset, deviceOffset + length) of <paramref name="device"/>, which must lie inside one of the file's extents.</summary>
    /// <exception cref="MappingRevokedException">the file was revoked.</exception>
    /// <exception cref="DeviceRangeBusyException">the range is claimed.</exception>
    internal MappingHandle Map(MemoryDevice device, ulong deviceOffset, ulong length, bool writable)
    {
        ArgumentNullException.ThrowIfNull(device);
        return MappingHandle.Create(device, CheckedRange(device, deviceOffset, length), writable, Name, this, claim: null);
    }

    /// <summary>Registers a non-mapping user of the file; dispose the result to unregister (see <see cref="CallbackGate"/>).</summary>
    public IDisposable AddListener(IRevocationListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        var registration = new ListenerRegistration(this, listener);
        lock (_lock)
        {
            _listeners = [.. _listeners, registration];
        }

        return registration;
    }

    /// <summary>
    /// Revokes the whole file for good: new maps fail, live mappings become inaccessible after
    /// their readers leave (bounded by <paramref name="options"/>), subscribers get
    /// InvalidateRangeStart/End over every extent, listeners are told, a Revoked event is published.
    /// A second call does nothing and returns <see cref="RevocationReport.Nothing"/>.
    /// </summary>
    public RevocationReport Revoke(string why, RevocationOptions? options = null)
    {
        var reason = new RevocationReason(RevocationCause.FileRevoked, $"{Name} was revoked: {why}");
        MappingHandle[] mappings;
        lock (_lock)
        {
            if (_revocation is not null)
            {
                return RevocationReport.Nothing;
            }

            _revocation = reason;
            mappings = [.. _mappings];
        }

        return Revoker.Revoke(mappings, [new InvalidationTarget(this, Extents)], reason, options ?? RevocationOptions.Default);
    }

    /// <summary>
    /// Destroys the space: live mappings are revoked, subscribers get Release, the extents leave
    /// the device indexes and a Destroyed event is published. Subscriptions must still be Put.
    /// </summary>
    public void Dispose()
    {
        var reason = new RevocationReason(RevocationCause.FileDestroyed, $"{Name} was destroyed");
        MappingHandle[] mappings;
        lock (_lock)
        {
            if (_destroyed)
            {
                return;
            }

            _destroyed = true;
            _revocation ??= reason;
            mappings = [.. _mappings];
        }

        var failures = new List<Exception>(Revoker.Revoke(mappings, [], reason, RevocationOptions.Default).CallbackFailures);
        failures.AddRange(ReleaseSubscriptions());
        foreach (var device in Devices)
        {
            DeviceRangeIndex.For(device).RemoveSpace(this);
        }

        _tokenSet.Dispose();
        if (failures.Count > 0)
        {
            throw new AggregateException($"subscribers of {Name} threw while it was destroyed (it is destroyed regardless)", failures);
        }
    }

    public override string ToString() => $"address space of {Name}";

    internal IEnumerable<DeviceIdentity> Devices => Extents.Select(extent => extent.Device).Distinct();

    /// <summary>Guards the subscription list; <see cref="NotifierRegistry"/> edits it under this lock (a leaf lock).</summary>
    internal Lock SubscriptionLock => _lock;

    internal bool IsDestroyed => _destroyed;

    internal NotifierSubscription[] Subscriptions
    {
        get => Volatile.Read(ref _subscriptions);
        set => Volatile.Write(ref _subscriptions, value);
    }

    internal void Attach(MappingHandle mapping)
    {
        lock (_lock)
        {
            if (_revocation is { } reason)
            {
                throw new MappingRevokedException(Name, reason);
            }

            _mappings.Add(mapping);
        }
    }

    internal void Detach(MappingHandle mapping)
    {
        lock (_lock)
        {
            _mappings.Remove(mapping);
        }
    }

    internal void RemoveListener(ListenerRegistration registration)
    {
        lock (_lock)
        {
            _listeners = [.. _listeners.Where(existing => !ReferenceEquals(existing, registration))];
        }
    }

    internal void InvalidateStart(IReadOnlyList<DeviceExtent> extents, RevocationReason reason, List<Exception> failures) =>
        CallSubscribers(extents, reason, failures, static (subscription, range) => subscription.InvalidateRangeStart(range));

    internal void InvalidateEnd(IReadOnlyList<DeviceExtent> extents, RevocationReason reason, List<Exception> failures) =>
        CallSubscribers(extents, reason, failures, static (subscription, range) => subscription.InvalidateRangeEnd(range));

    /// <summary>Tells listeners and token subscribers, once per revocation that touched this file.</summary>
    internal void AnnounceRevocation(RevocationReason reason, List<Exception> failures)
    {
        foreach (var listener in Volatile.Read(ref _listeners))
        {
            listener.Notify(reason, failures);
        }

        var kind = reason.Cause == RevocationCause.MemoryFailure ? TokenEventKind.Poisoned : TokenEventKind.Revoked;
        _tokenSet.TryPublish(kind, reason.Description);
    }

    /// <summary>
    /// Subscribers are called inside a read section: that is what lets
    /// <see cref="NotifierRegistry.Put"/> free a subscription only after no call can still be running.
    /// </summary>
    private void CallSubscribers(IReadOnlyList<DeviceExtent> extents, RevocationReason reason, List<Exception> failures,
        Action<NotifierSubscription, InvalidationRange> call)
    {
        using var section = ReaderEpoch.Enter();
        foreach (var subscription in Subscriptions)
        {
            foreach (var extent in extents)
            {
                try
                {
                    call(subscription, new InvalidationRange(this, extent, reason));
                }
                catch (Exception e)
                {
                    failures.Add(e);
                }
            }
        }
    }

    /// <summary>Calls every subscriber's Release; a failing one does not keep the others from hearing it.</summary>
    private List<Exception> ReleaseSubscriptions()
    {
        var failures = new List<Exception>();
        using var section = ReaderEpoch.Enter();
        foreach (var subscription in Subscriptions)
        {
            try
            {
                subscription.Release(this);
            }
            catch (Exception e)
            {
                failures.Add(e);
            }
        }

        return failures;
    }

    private DeviceRange CheckedRange(MemoryDevice device, ulong deviceOffset, ulong length)
    {
        var range = new DeviceRange(deviceOffset, length);
        if (!Extents.Any(extent => extent.Device == device.Identity && extent.Range.Contains(range)))
        {
            throw new FamfsException(Errno.EINVAL,
                $"range {range} of {device.Path} is not inside file {Name} (extents: {string.Join(", ", Extents)})");
        }

        return range;
    }
}
