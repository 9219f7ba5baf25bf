using System.Collections.Immutable;
using Famfs.Errors;
using Famfs.Format;

namespace Famfs.Allocation;

/// <summary>
/// Chooses device space for new files on an <see cref="AllocationMap"/>, exactly as the
/// reference does: one first-fit extent of round_up(size, unit), or striped across buckets.
/// Nothing is claimed on failure.
/// </summary>
internal sealed class Allocator(AllocationMap map, Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;

    public AllocationMap Map => map;

    /// <summary>
    /// Chooses space for a file of <paramref name="size"/> bytes. Nothing is claimed: the caller
    /// claims the extents (<see cref="AllocationMap.Claim"/>) once the file is really logged, so a
    /// failed append leaves the map as it was.
    /// </summary>
    public FileMap Choose(ulong size, InterleaveParameters? interleave)
    {
        // Invalid parameters are refused even when the file is too small to be striped.
        interleave?.Validate(map.DeviceSize, map.Unit);
        var fileMap = interleave is null || size < interleave.ChunkBytes
            ? (FileMap)AllocateSimple(size)
            : AllocateInterleaved(size, interleave);
        return fileMap;
    }

    private SimpleFileMap AllocateSimple(ulong size)
    {
        var units = Math.Max(1, map.UnitsFor(size));
        var first = map.FindFree(0, (ulong)map.UnitCount, units) ?? throw NoSpace(size);
        return new SimpleFileMap([new Extent(0, first * map.Unit, units * map.Unit)]);
    }

    /// <summary>
    /// The device is split into equal buckets; the file needs nstripes = ceil(size / (nstrips × chunk))
    /// stripes, and each strip (nstripes × chunk bytes) is placed first-fit inside one bucket,
    /// trying buckets in random order until nstrips strips are found.
    /// </summary>
    private InterleavedFileMap AllocateInterleaved(ulong size, InterleaveParameters p)
    {
        var chunkUnits = p.ChunkBytes / map.Unit;
        var stripes = (map.UnitsFor(size) + ((ulong)p.StripCount * chunkUnits) - 1) / ((ulong)p.StripCount * chunkUnits);
        var stripUnits = stripes * chunkUnits;
        var bucketUnits = (ulong)map.UnitCount / (ulong)p.BucketCount;

        var buckets = Enumerable.Range(0, p.BucketCount).ToArray();
        _random.Shuffle(buckets);
        var strips = ImmutableArray.CreateBuilder<Extent>(p.StripCount);
        foreach (var bucket in buckets)
        {
            var start = (ulong)bucket * bucketUnits;
            if (map.FindFree(start, start + bucketUnits, stripUnits) is { } first)
            {
                strips.Add(new Extent(0, first * map.Unit, stripUnits * map.Unit));
                if (strips.Count == p.StripCount)
                {
                    return new InterleavedFileMap((ulong)p.StripCount, p.ChunkBytes, strips.MoveToImmutable());
                }
            }
        }

        throw NoSpace(size, $" striped {p.StripCount} ways over {p.BucketCount} buckets");
    }

    private FamfsException NoSpace(ulong size, string how = "") => new(Errno.ENOSPC,
        $"no room for {size} bytes{how}: {map.UnitCount - map.AllocatedUnits} of {map.UnitCount} allocation units are free and not enough of them are contiguous",
        "use a larger device, or a smaller file");
}
