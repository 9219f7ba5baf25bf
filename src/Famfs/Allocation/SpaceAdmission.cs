using Famfs.Format;
using Famfs.Namespace;

namespace Famfs.Allocation;

/// <summary>
/// The space judgement of log play (see <see cref="IFileAdmission"/>): every extent of a file
/// must lie on device 0, start on an allocation unit, end inside the device, stay clear of the
/// superblock and log, and share no unit with a file admitted before it (a cross-link). An
/// admitted file's units are claimed in the <see cref="AllocationMap"/>; a refused file claims
/// nothing, so the file logged first keeps its space and the later one is never served over it.
/// Units a memory failure took (<see cref="AllocationMap.PoisonOwner"/>) do not refuse a file:
/// it is served, and its reads fail where the memory failed.
/// </summary>
internal sealed class SpaceAdmission(AllocationMap map) : IFileAdmission
{
    private readonly List<ulong> _ownerIndex = [];

    public AllocationMap Map => map;

    /// <summary>An admission over a fresh map of the device, with the superblock and log reserved.</summary>
    public static SpaceAdmission For(Superblock superblock, ulong deviceSize) =>
        new(new AllocationMap(deviceSize, superblock.UnitBytes, FormatConstants.MetadataLength(superblock.LogBytes)));

    /// <summary>Files refused for sharing space with an earlier one, in log order (fsck lists them).</summary>
    public List<SpaceConflict> Conflicts { get; } = [];

    /// <summary>Makes room for <paramref name="count"/> admitted files at once (a log's worth), rather than growing as they come.</summary>
    public void ExpectFiles(int count) => _ownerIndex.EnsureCapacity(count);

    public string? Admit(ulong index, FileEntry file) => Admit(index, file.Map.DeviceExtentSpan);

    /// <summary>Judges (and, when sound, claims) the space of the file logged at <paramref name="index"/> from its extents alone.</summary>
    public string? Admit(ulong index, ReadOnlySpan<Extent> extents)
    {
        for (var i = 0; i < extents.Length; i++)
        {
            if (Misplaced(extents[i]) is { } problem)
            {
                return problem;
            }

            for (var j = 0; j < i; j++)
            {
                if (extents[j].Length > 0 && extents[i].Length > 0 && extents[i].Offset < extents[j].End && extents[j].Offset < extents[i].End)
                {
                    return $"its extents [{extents[j].Offset}, {extents[j].End}) and [{extents[i].Offset}, {extents[i].End}) overlap";
                }
            }

            if (map.FirstHeld(extents[i]) is { } held && held.OtherOwner != AllocationMap.PoisonOwner)
            {
                if (held.WithMetadata)
                {
                    return $"the extent [{extents[i].Offset}, {extents[i].End}) overlaps the superblock and log";
                }

                var conflict = new SpaceConflict(_ownerIndex[held.OtherOwner], index, held.StartUnit * map.Unit, (held.EndUnit - held.StartUnit) * map.Unit);
                Conflicts.Add(conflict);
                return $"cross-link: it shares device range [{conflict.Offset}, {conflict.Offset + conflict.Length}) with log entry {conflict.FirstIndex}";
            }
        }

        foreach (var extent in extents)
        {
            map.Claim(extent, _ownerIndex.Count);
        }

        _ownerIndex.Add(index);
        return null;
    }

    /// <summary>
    /// Claims the space of a file the caller has just allocated and logged itself (the create
    /// path, which chose free space: no judgement needed).
    /// </summary>
    public void ClaimCreated(ulong index, FileMap fileMap)
    {
        foreach (var extent in fileMap.DeviceExtentSpan)
        {
            map.Claim(extent, _ownerIndex.Count);
        }

        _ownerIndex.Add(index);
    }

    private string? Misplaced(Extent extent)
    {
        if (extent.DevIndex != 0)
        {
            return $"an extent is on device index {extent.DevIndex}; only device 0 exists";
        }

        if (extent.Length == 0)
        {
            return null;
        }

        if (!map.StartsUnit(extent.Offset))
        {
            return $"the extent at offset {extent.Offset} is not aligned to the {map.Unit}-byte allocation unit";
        }

        if (extent.Offset >= map.DeviceSize || extent.Length > map.DeviceSize - extent.Offset)
        {
            return $"the extent [{extent.Offset}, {extent.Offset + extent.Length}) goes past the end of the {map.DeviceSize}-byte device";
        }

        return extent.Offset < map.ReservedBytes
            ? $"the extent at device offset {extent.Offset} ({extent.Length} bytes) overlaps the superblock and log (the first {map.ReservedBytes} bytes)"
            : null;
    }
}

/// <summary>A file (<see cref="SecondIndex"/>) refused because it shares [Offset, Offset + Length) with an earlier one (<see cref="FirstIndex"/>).</summary>
internal readonly record struct SpaceConflict(ulong FirstIndex, ulong SecondIndex, ulong Offset, ulong Length);
