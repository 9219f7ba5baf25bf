using Famfs.Devices;

namespace Famfs.Lifecycle;

/// <summary>
/// A held claim on a device range (see <see cref="DeviceRangeIndex.Claim"/>). While it is held,
/// conflicting mappings are refused with EBUSY. Dispose releases it; mappings made through
/// <see cref="Map"/> are revoked then, because they were only allowed under the claim.
/// </summary>
public sealed class DeviceClaim : IDisposable
{
    private readonly Lock _lock = new();
    private readonly HashSet<MappingHandle> _mappings = [];
    private bool _released;

    internal DeviceClaim(DeviceRangeIndex index, DeviceRange range, bool exclusive, string claimant)
    {
        Index = index;
        Range = range;
        Exclusive = exclusive;
        Claimant = claimant;
    }

    public DeviceRange Range { get; }

    /// <summary>Exclusive: nobody else may map the range. Shared: others may still map it read-only.</summary>
    public bool Exclusive { get; }

    /// <summary>Who holds it, as given; named in EBUSY errors.</summary>
    public string Claimant { get; }

    /// <summary>What taking the claim revoked.</summary>
    public RevocationReport Revocation { get; internal set; } = RevocationReport.Nothing;

    internal DeviceRangeIndex Index { get; }

    /// <summary>Maps part of the claimed range for the claim holder; the claim itself does not refuse it.</summary>
    internal MappingHandle Map(MemoryDevice device, DeviceRange range, bool writable)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (device.Identity != Index.Device || !Range.Contains(range))
        {
            throw new ArgumentOutOfRangeException(nameof(range), $"{range} of {device.Path} is not inside claim {this}");
        }

        var mapping = MappingHandle.Create(device, range, writable, $"{Claimant} (claim holder) view of {device.Path}", space: null, claim: this);
        lock (_lock)
        {
            if (!_released)
            {
                _mappings.Add(mapping);
                return mapping;
            }
        }

        mapping.Dispose();
        throw new ObjectDisposedException(ToString());
    }

    /// <summary>Releases the claim after revoking the mappings made through it.</summary>
    public void Dispose()
    {
        MappingHandle[] mappings;
        lock (_lock)
        {
            if (_released)
            {
                return;
            }

            _released = true;
            mappings = [.. _mappings];
        }

        var reason = new RevocationReason(RevocationCause.ClaimReleased, $"claim {this} was released");
        Revoker.Revoke(mappings, [], reason, RevocationOptions.Default);
        Index.Release(this);
    }

    public override string ToString() => $"{(Exclusive ? "exclusive" : "shared")} claim of {Range} on {Index.Device} by {Claimant}";

    internal void Forget(MappingHandle mapping)
    {
        lock (_lock)
        {
            _mappings.Remove(mapping);
        }
    }

    /// <summary>Whether this claim refuses a new mapping of <paramref name="range"/> (never its own mappings).</summary>
    internal bool Refuses(DeviceRange range, bool writable, DeviceClaim? madeThrough) =>
        !ReferenceEquals(madeThrough, this) && Range.Overlaps(range) && (Exclusive || writable);

    /// <summary>Whether this claim and a new one over <paramref name="range"/> cannot coexist.</summary>
    internal bool ConflictsWith(DeviceRange range, bool exclusive) => Range.Overlaps(range) && (Exclusive || exclusive);
}
