using System.Numerics;
using Famfs.Format;

namespace Famfs.Allocation;

/// <summary>
/// Which allocation units of the device are in use, and by whom. Built from the log: the
/// superblock area and log are reserved, then every extent of every file claims
/// ceil(length / unit) units from offset / unit. A unit claimed twice is a cross-link.
/// </summary>
internal sealed class AllocationMap
{
    /// <summary>One owner id (4 bytes) per unit: 2^28 units is 1 GiB of map, 512 TiB in 2 MiB units.</summary>
    public const ulong MaxUnits = 1UL << 28;

    /// <summary>The owner of units a memory failure took out of use.</summary>
    public const int PoisonOwner = int.MaxValue;

    private const int Free = -1;
    private const int Reserved = -2;
    private readonly int[] _owner;

    // The unit is a power of two (superblocks allow 2 MiB and 4 KiB): offsets become units by
    // a shift, not a 64-bit division, and log play and fsck's scan take several per extent.
    private readonly int _unitShift;

    // Units only ever go from free to taken, so everything below this index is taken:
    // first-fit searches start here instead of at unit 0 (creating n files stays O(n)).
    private ulong _lowestFree;

    public AllocationMap(ulong deviceSize, ulong unit, ulong reservedBytes)
    {
        if (!ulong.IsPow2(unit))
        {
            throw new Errors.FamfsException(Errors.Errno.EINVAL, $"an allocation unit of {unit} bytes is not a power of two",
                "use the 2 MiB allocation unit (mkfs.famfs does)");
        }

        DeviceSize = deviceSize;
        Unit = unit;
        _unitShift = BitOperations.Log2(unit);
        var units = UnitsFor(deviceSize);
        if (units > MaxUnits)
        {
            throw new Errors.FamfsException(Errors.Errno.ENOTSUP,
                $"a {Units.Human(deviceSize)} device in {unit}-byte allocation units has {units} units; famfs.net tracks at most {MaxUnits}",
                "use the 2 MiB allocation unit (mkfs.famfs does) for devices this large");
        }

        _owner = new int[units];
        Array.Fill(_owner, Free);
        var reservedUnits = (int)Math.Min((ulong)_owner.Length, UnitsFor(reservedBytes));
        _owner.AsSpan(0, reservedUnits).Fill(Reserved);
        ReservedUnits = reservedUnits;
        ReservedBytes = reservedBytes;
        AdvanceLowestFree();
    }

    public ulong DeviceSize { get; }

    /// <summary>The superblock area and log at the start of the device, which no file may use.</summary>
    public ulong ReservedBytes { get; }

    public ulong Unit { get; }

    public int UnitCount => _owner.Length;

    public int ReservedUnits { get; }

    public int UsedUnits { get; private set; }

    /// <summary>Units in use, reserved ones included.</summary>
    public int AllocatedUnits => ReservedUnits + UsedUnits;

    public bool IsFree(int unit) => _owner[unit] == Free;

    /// <summary>The unit holding device offset <paramref name="offset"/>.</summary>
    public ulong UnitOf(ulong offset) => offset >> _unitShift;

    /// <summary>How many units <paramref name="bytes"/> take (a partial one counts).</summary>
    public ulong UnitsFor(ulong bytes) => (bytes + Unit - 1) >> _unitShift;

    /// <summary>Whether <paramref name="offset"/> starts a unit.</summary>
    public bool StartsUnit(ulong offset) => (offset & (Unit - 1)) == 0;

    /// <summary>
    /// The first run of <paramref name="count"/> free units inside [<paramref name="fromUnit"/>,
    /// <paramref name="toUnit"/>), or null (first fit, as the reference allocator does).
    /// </summary>
    public ulong? FindFree(ulong fromUnit, ulong toUnit, ulong count)
    {
        // A partial last unit is tracked (a logged extent may reach into it) but never handed
        // out: a file there would end past the device.
        toUnit = Math.Min(toUnit, UnitOf(DeviceSize));
        ulong run = 0;
        for (var u = Math.Max(fromUnit, _lowestFree); u < toUnit; u++)
        {
            run = _owner[u] == Free ? run + 1 : 0;
            if (run == count)
            {
                return u + 1 - count;
            }
        }

        return null;
    }

    /// <summary>
    /// Claims the units of <paramref name="extent"/> for <paramref name="owner"/> (a caller's id,
    /// ≥ 0) and returns every run of units that someone else held already. Units past the
    /// end of the device are ignored here: callers check bounds themselves.
    /// </summary>
    public IReadOnlyList<Collision> Claim(Extent extent, int owner)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(owner);
        List<Collision>? collisions = null; // made only for a collision: claims are per create
        var first = UnitOf(extent.Offset);
        var count = UnitsFor(extent.Length);
        for (var u = first; u < first + count && u < (ulong)_owner.Length; u++)
        {
            var previous = _owner[u];
            if (previous == Free)
            {
                _owner[u] = owner;
                UsedUnits++;
                continue;
            }

            collisions ??= [];
            if (collisions.Count > 0 && collisions[^1].OtherOwner == previous && collisions[^1].EndUnit == u)
            {
                collisions[^1] = collisions[^1] with { EndUnit = u + 1 };
            }
            else
            {
                collisions.Add(new Collision(previous, u, u + 1));
            }
        }

        AdvanceLowestFree();
        return collisions ?? (IReadOnlyList<Collision>)Array.Empty<Collision>(); // not []: for an interface type that is a new object per claim
    }

    /// <summary>The first run of units of <paramref name="extent"/> that someone holds already, or null; claims nothing.</summary>
    public Collision? FirstHeld(Extent extent)
    {
        var first = UnitOf(extent.Offset);
        var end = Math.Min(first + UnitsFor(extent.Length), (ulong)_owner.Length);
        for (var u = first; u < end; u++)
        {
            if (_owner[u] == Free)
            {
                continue;
            }

            var owner = _owner[u];
            var last = u + 1;
            while (last < end && _owner[last] == owner)
            {
                last++;
            }

            return new Collision(owner, u, last);
        }

        return null;
    }

    private void AdvanceLowestFree()
    {
        while (_lowestFree < (ulong)_owner.Length && _owner[_lowestFree] != Free)
        {
            _lowestFree++;
        }
    }

    /// <summary>Units [StartUnit, EndUnit) already held by <see cref="OtherOwner"/> (−2: the reserved metadata area).</summary>
    public readonly record struct Collision(int OtherOwner, ulong StartUnit, ulong EndUnit)
    {
        public bool WithMetadata => OtherOwner == Reserved;
    }
}
