using Famfs.Errors;

namespace Famfs.Allocation;

/// <summary>Striping of a new file (famfs creat/cp -N nstrips -B nbuckets -C chunk).</summary>
public sealed record InterleaveParameters(int StripCount, int BucketCount, long ChunkSize)
{
    public const int MaxBuckets = 64;
    public const int MaxStrips = 16;
    public const long MinBucketSize = (long)Units.GiB;

    /// <summary>The chunk size for the allocator's unsigned arithmetic (Validate has refused a negative one).</summary>
    internal ulong ChunkBytes => (ulong)ChunkSize;

    /// <summary>Checks the reference's rules, naming the rule and value that fail.</summary>
    internal void Validate(ulong deviceSize, ulong allocationUnit)
    {
        if (ChunkSize <= 0 || !long.IsPow2(ChunkSize) || ChunkBytes % allocationUnit != 0)
        {
            throw Bad($"chunk size {ChunkSize} must be a power of 2 and a multiple of the {allocationUnit}-byte allocation unit", "e.g. -C 2m or -C 4m");
        }

        if (StripCount < 1 || StripCount > MaxStrips)
        {
            throw Bad($"strip count {StripCount} must be between 1 and {MaxStrips}", "choose -N accordingly");
        }

        if (BucketCount < StripCount || BucketCount > MaxBuckets)
        {
            throw Bad($"bucket count {BucketCount} must be at least the strip count ({StripCount}) and at most {MaxBuckets}", "choose -B accordingly");
        }

        if (deviceSize / (ulong)BucketCount < (ulong)MinBucketSize)
        {
            throw Bad($"{BucketCount} buckets on a {Units.Human(deviceSize)} device are smaller than 1 GiB each", "use fewer buckets (-B)");
        }
    }

    private static FamfsException Bad(string message, string remedy) =>
        new(Errno.EINVAL, $"invalid interleave parameters: {message}", remedy);
}
