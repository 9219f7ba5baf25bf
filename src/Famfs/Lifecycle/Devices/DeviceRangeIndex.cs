using System.Diagnostics;
using System.Collections.Concurrent;
using Famfs.Devices;
using Famfs.Errors;

namespace Famfs.Lifecycle;

/// <summary>
/// Every mapping of one device made through the library, whatever path it came through (file
/// mappings, raw views, claim holders' views), by device range: all aliases of a physical
/// range share one index, so a claim can zap them all. There is one index per
/// <see cref="DeviceIdentity"/>, created by whoever needs it first, so set-up order does not
/// matter: a mapping registered at mount time before anybody "set up" the index is found by
/// every later claim, and two MemoryDevice objects opened by different paths share it.
/// The lookup is a linear scan under a leaf lock: claims and memory failures are rare, while
/// adding and removing a mapping (the frequent operations) are O(1).
/// </summary>
internal sealed class DeviceRangeIndex
{
    private static readonly ConcurrentDictionary<DeviceIdentity, DeviceRangeIndex> Indexes = new();

    private readonly Lock _lock = new();
    private readonly HashSet<MappingHandle> _mappings = [];
    private readonly HashSet<AddressSpace> _spaces = [];
    private readonly List<DeviceClaim> _claims = [];
    private readonly PoisonList _poison = new();

    private DeviceRangeIndex(DeviceIdentity device) => Device = device;

    /// <summary>
    /// Told about every memory failure after the affected mappings are revoked, so the file-system
    /// layer can mark the files (including ones this process never opened) bad.
    /// </summary>
    public event Action<DeviceRangeIndex, DeviceRange>? MemoryFailureReported;

    public DeviceIdentity Device { get; }

    /// <summary>Live (not revoked, not disposed) mappings registered here.</summary>
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

    /// <summary>Poisoned ranges reported so far, merged and sorted.</summary>
    public IReadOnlyList<DeviceRange> PoisonedRanges
    {
        get
        {
            lock (_lock)
            {
                return _poison.Ranges;
            }
        }
    }

    /// <summary>The index of <paramref name="device"/>, created on first use.</summary>
    public static DeviceRangeIndex For(DeviceIdentity device) => Indexes.GetOrAdd(device, static identity => new DeviceRangeIndex(identity));

    public static DeviceRangeIndex For(MemoryDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return For(device.Identity);
    }

    public bool IsPoisoned(DeviceRange range)
    {
        lock (_lock)
        {
            return _poison.Overlaps(range);
        }
    }

    /// <summary>
    /// Claims <paramref name="range"/>. Exclusive: revokes every overlapping mapping and refuses
    /// new ones. Shared: revokes and refuses writable ones only; shared claims may overlap each
    /// other. When this returns, no revoked mapping is reachable and the claim is in force.
    /// </summary>
    /// <exception cref="DeviceRangeBusyException">a conflicting claim is held.</exception>
    public DeviceClaim Claim(DeviceRange range, bool exclusive, string claimant, RevocationOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(claimant);
        ReaderEpoch.ThrowIfInReadSection("claim a device range");
        DeviceClaim claim;
        List<MappingHandle> victims;
        InvalidationTarget[] targets;
        lock (_lock)
        {
            if (_claims.Find(held => held.ConflictsWith(range, exclusive)) is { } conflict)
            {
                throw new DeviceRangeBusyException($"cannot claim {range} of {Device} for {claimant}: {conflict} holds it");
            }

            claim = new DeviceClaim(this, range, exclusive, claimant);
            _claims.Add(claim);
            victims = MappingsOver(range, writableOnly: !exclusive);
            targets = exclusive
                ? TargetsOverlapping(range, _spaces)
                : TargetsOverlapping(range, victims.Select(victim => victim.Space).OfType<AddressSpace>().Distinct());
        }

        var reason = new RevocationReason(RevocationCause.RangeClaimed, $"{claim} took it");
        claim.Revocation = Revoker.Revoke(victims, targets, reason, options ?? RevocationOptions.Default);
        return claim;
    }

    /// <summary>
    /// A memory failure in <paramref name="range"/>: records it (mapping it again fails with
    /// EIO), revokes every overlapping mapping with a MemoryFailure reason, publishes Poisoned
    /// on the token of every known file over it, then raises <see cref="MemoryFailureReported"/>.
    /// </summary>
    public RevocationReport ReportMemoryFailure(DeviceRange range, RevocationOptions? options = null)
    {
        ReaderEpoch.ThrowIfInReadSection("report a memory failure");
        List<MappingHandle> victims;
        InvalidationTarget[] targets;
        lock (_lock)
        {
            _poison.Add(range);
            victims = MappingsOver(range, writableOnly: false);
            targets = TargetsOverlapping(range, _spaces);
        }

        var reason = new RevocationReason(RevocationCause.MemoryFailure, $"memory failure reported in {range} of {Device}");
        var report = Revoker.Revoke(victims, targets, reason, options ?? RevocationOptions.Default);
        try
        {
            MemoryFailureReported?.Invoke(this, range);
        }
        catch (Exception e)
        {
            return report with { CallbackFailures = [.. report.CallbackFailures, e] };
        }

        return report;
    }

    /// <summary>
    /// Lifts the poison of <paramref name="range"/> (the memory was repaired or replaced): new
    /// mappings over it are allowed again. Mappings revoked by the failure stay revoked.
    /// </summary>
    public void LiftPoison(DeviceRange range)
    {
        lock (_lock)
        {
            _poison.Remove(range);
        }
    }

    internal void Add(MappingHandle mapping)
    {
        lock (_lock)
        {
            if (_poison.Overlaps(mapping.Range))
            {
                throw new FamfsException(Errno.EIO, $"cannot map {mapping.Range} of {Device} for {mapping.Owner}: a memory failure was reported there",
                    "the data in that range is lost; restore it from a copy");
            }

            if (_claims.Find(claim => claim.Refuses(mapping.Range, mapping.Writable, mapping.Claim)) is { } conflict)
            {
                throw new DeviceRangeBusyException($"cannot map {mapping.Range} of {Device} for {mapping.Owner}: {conflict} holds it");
            }

            _mappings.Add(mapping);
        }
    }

    internal void Remove(MappingHandle mapping)
    {
        lock (_lock)
        {
            _mappings.Remove(mapping);
        }
    }

    /// <summary>
    /// Takes revoked mappings out of their indexes. A batch nearly always comes from one device,
    /// so each run of mappings of the same index is removed under one lock acquisition.
    /// </summary>
    internal static void RemoveAll(IReadOnlyList<MappingHandle> mappings)
    {
        var next = 0;
        while (next < mappings.Count)
        {
            var index = mappings[next].Index;
            lock (index._lock)
            {
                for (; next < mappings.Count && mappings[next].Index == index; next++)
                {
                    index._mappings.Remove(mappings[next]);
                }
            }
        }
    }

    internal void AddSpace(AddressSpace space)
    {
        lock (_lock)
        {
            _spaces.Add(space);
        }
    }

    internal void RemoveSpace(AddressSpace space)
    {
        lock (_lock)
        {
            _spaces.Remove(space);
        }
    }

    internal void Release(DeviceClaim claim)
    {
        lock (_lock)
        {
            _claims.Remove(claim);
        }
    }

    /// <summary>
    /// The registered mappings over <paramref name="range"/> (only the writable ones if asked);
    /// call under the lock. A plain loop: a claim scans every mapping of the device.
    /// </summary>
    private List<MappingHandle> MappingsOver(DeviceRange range, bool writableOnly)
    {
        Debug.Assert(_lock.IsHeldByCurrentThread);
        var found = new List<MappingHandle>();
        foreach (var mapping in _mappings)
        {
            if (mapping.Range.Overlaps(range) && (mapping.Writable || !writableOnly))
            {
                found.Add(mapping);
            }
        }

        return found;
    }

    /// <summary>The files among <paramref name="spaces"/> with extents on this device over <paramref name="range"/>, clipped to it.</summary>
    private InvalidationTarget[] TargetsOverlapping(DeviceRange range, IEnumerable<AddressSpace> spaces) =>
    [
        .. spaces
            .Select(space => new InvalidationTarget(space,
            [
                .. space.Extents
                    .Where(extent => extent.Device == Device && extent.Range.Overlaps(range))
                    .Select(extent => extent with { Range = extent.Range.Intersect(range) }),
            ]))
            .Where(target => target.Extents.Count > 0),
    ];
}
