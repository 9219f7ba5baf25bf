using Famfs.Allocation;
using Famfs.Tests.Allocation.Support;
using Famfs.Errors;
using Famfs.Format;
using Famfs.Tests.Files.Support;

namespace Famfs.Tests.Allocation;

/// <summary>Interleaved (striped) allocation as docs/FORMAT.md describes it, and every validation rule.</summary>
public sealed class InterleavedAllocatorTests
{
    private const ulong Unit = 2 * Units.MiB;
    private const ulong Metadata = 10 * Units.MiB;

    private static Allocator NewAllocator(ulong deviceSize, int seed = 7) =>
        new(new AllocationMap(deviceSize, Unit, Metadata), new Random(seed));

    /// <summary>nstripes = ceil(size_au / (nstrips × chunk_au)); every strip nstripes × chunk bytes.</summary>
    private static ulong ExpectedStripLength(ulong size, int strips, ulong chunk)
    {
        var sizeAu = (size + Unit - 1) / Unit;
        var perStripe = (ulong)strips * (chunk / Unit);
        return (sizeAu + perStripe - 1) / perStripe * chunk;
    }

    [Theory]
    [InlineData(100 * Units.MiB, 4, 8, 2 * Units.MiB)]   // 13 stripes of 2 MiB
    [InlineData(3 * Units.MiB, 4, 8, 2 * Units.MiB)]     // one stripe: 4 strips of one chunk
    [InlineData(2 * Units.MiB, 4, 8, 2 * Units.MiB)]     // exactly one chunk: interleaved, not simple
    [InlineData(64 * Units.MiB, 8, 8, 4 * Units.MiB)]    // 2 stripes of 4 MiB
    [InlineData(7340037UL, 2, 4, 2 * Units.MiB)]         // not a multiple of anything
    [InlineData(40 * Units.MiB, 16, 16, 2 * Units.MiB)]  // 16 strips, 16 buckets
    [InlineData(Units.GiB + 1, 3, 5, 8 * Units.MiB)]     // odd strip and bucket counts
    public void Strips_have_nstripes_chunks_each_and_sit_in_distinct_buckets(ulong size, int strips, int buckets, ulong chunk)
    {
        const ulong device = 16 * Units.GiB;
        var allocator = NewAllocator(device);
        var map = Assert.IsType<InterleavedFileMap>(allocator.Allocate(size, new InterleaveParameters(strips, buckets, (long)chunk), owner: 0));

        Assert.Equal((ulong)strips, map.StripCount);
        Assert.Equal(chunk, map.ChunkSize);
        Assert.Equal(strips, map.Strips.Length);
        var stripLength = ExpectedStripLength(size, strips, chunk);
        Assert.All(map.Strips, s => Assert.Equal(stripLength, s.Length));
        Assert.True(map.AllocatedBytes >= size);

        var bucketBytes = (ulong)(allocator.Map.UnitCount / buckets) * Unit;
        var bucketsUsed = map.Strips.Select(s => s.Offset / bucketBytes).ToList();
        Assert.Equal(strips, bucketsUsed.Distinct().Count());
        Assert.All(map.Strips, s => Assert.Equal(s.Offset / bucketBytes, (s.End - 1) / bucketBytes)); // a strip never crosses a bucket
        Assert.All(map.Strips, s => Assert.Equal(0UL, s.Offset % Unit));
        Assert.All(map.Strips, s => Assert.True(s.Offset >= Metadata));

        // First fit inside each bucket of an empty device: the strip starts at the bucket's first free unit.
        Assert.All(map.Strips, s => Assert.Equal(Math.Max(Metadata, s.Offset / bucketBytes * bucketBytes), s.Offset));
        Assert.Equal((int)((ulong)strips * (stripLength / Unit)), allocator.Map.UsedUnits);
    }

    [Fact]
    public void Every_interleaved_request_of_the_reference_golden_image_gets_the_same_shape_or_the_same_rejection()
    {
        var manifest = ConformanceManifest.Load("interleaved");
        var deviceSize = manifest.GetProperty("device_size").GetUInt64();
        var entries = manifest.GetProperty("entries").EnumerateArray()
            .Where(e => e.GetProperty("type_name").GetString() == "FILE")
            .ToDictionary(e => e.GetProperty("relpath").GetString()!);
        var compared = 0;
        foreach (var op in manifest.GetProperty("ops_requested").EnumerateArray())
        {
            if (!op.TryGetProperty("interleave_param", out var ip))
            {
                continue;
            }

            var path = op.GetProperty("relpath").GetString()!;
            var size = op.GetProperty("size").GetUInt64();
            var buckets = ip.GetProperty("nbuckets").GetInt32();
            var parameters = new InterleaveParameters(ip.GetProperty("nstrips").GetInt32(), buckets, ip.GetProperty("chunk_size").GetInt64());
            var allocator = NewAllocator(deviceSize);
            if (!entries.TryGetValue(path, out var entry))
            {
                // The reference refused it: so must we, without claiming anything.
                var e = Assert.Throws<FamfsException>(() => allocator.Allocate(size, parameters, 0));
                Assert.Equal(Errno.EINVAL, e.Errno);
                Assert.Equal(0, allocator.Map.UsedUnits);
                compared++;
                continue;
            }

            var referenceMap = ConformanceManifest.FileMap(entry);
            var ours = allocator.Allocate(size, parameters, 0);
            Assert.Equal(referenceMap.GetType(), ours.GetType());
            if (referenceMap is InterleavedFileMap reference)
            {
                var mine = (InterleavedFileMap)ours;
                Assert.Equal(reference.StripCount, mine.StripCount);
                Assert.Equal(reference.ChunkSize, mine.ChunkSize);
                Assert.Equal(reference.Strips.Select(s => s.Length), mine.Strips.Select(s => s.Length));
                var bucketBytes = deviceSize / (ulong)buckets;
                Assert.Equal(reference.Strips.Length, reference.Strips.Select(s => s.Offset / bucketBytes).Distinct().Count());
            }
            else
            {
                Assert.Equal(referenceMap.DeviceExtents.Select(e => e.Length), ours.DeviceExtents.Select(e => e.Length));
            }

            compared++;
        }

        Assert.True(compared >= 8, $"only {compared} interleaved requests of the golden image were compared");
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(Units.MiB)]
    [InlineData(4 * Units.MiB - 1)]
    public void A_file_smaller_than_one_chunk_falls_back_to_one_simple_extent(ulong size)
    {
        var allocator = NewAllocator(8 * Units.GiB);
        var map = allocator.Allocate(size, new InterleaveParameters(2, 4, (long)(4 * Units.MiB)), 0);
        var extent = Assert.Single(Assert.IsType<SimpleFileMap>(map).Extents);
        Assert.Equal(Metadata, extent.Offset);
        Assert.Equal((size + Unit - 1) / Unit * Unit, extent.Length);
    }

    [Fact]
    public void Buckets_are_tried_in_random_order_but_always_distinct()
    {
        var seen = new HashSet<ulong>();
        for (var seed = 0; seed < 20; seed++)
        {
            var map = (InterleavedFileMap)NewAllocator(8 * Units.GiB, seed).Allocate(8 * Units.MiB, new InterleaveParameters(2, 8, (long)(2 * Units.MiB)), 0);
            Assert.NotEqual(map.Strips[0].Offset / Units.GiB, map.Strips[1].Offset / Units.GiB);
            seen.Add(map.Strips[0].Offset / Units.GiB);
        }

        Assert.True(seen.Count > 1, "the first strip landed in the same bucket for 20 different seeds");
    }

    [Fact]
    public void Too_few_buckets_with_room_is_ENOSPC_and_claims_nothing()
    {
        var allocator = NewAllocator(8 * Units.GiB); // 8 buckets of 1 GiB
        for (var bucket = 0UL; bucket < 5; bucket++)
        {
            // Leave less than one 4 MiB strip free in each of buckets 0..4.
            var start = Math.Max(Metadata, bucket * Units.GiB);
            allocator.Map.Claim(new Extent(0, start, ((bucket + 1) * Units.GiB) - start - Unit), owner: 99);
        }

        var before = AllocatorTests.Snapshot(allocator.Map);
        var used = allocator.Map.UsedUnits;
        var e = Assert.Throws<FamfsException>(() => allocator.Allocate(16 * Units.MiB, new InterleaveParameters(4, 8, (long)(2 * Units.MiB)), 0));
        Assert.Equal(Errno.ENOSPC, e.Errno);
        Assert.Contains("striped 4 ways over 8 buckets", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, AllocatorTests.Snapshot(allocator.Map));
        Assert.Equal(used, allocator.Map.UsedUnits);

        // Three strips still fit in the three empty buckets.
        var three = (InterleavedFileMap)allocator.Allocate(12 * Units.MiB, new InterleaveParameters(3, 8, (long)(2 * Units.MiB)), 0);
        Assert.All(three.Strips, s => Assert.True(s.Offset >= 5 * Units.GiB));
    }

    public static TheoryData<int, int, ulong, ulong, string[]> InvalidParameters => new()
    {
        { 4, 8, 3 * Units.MiB, 8 * Units.GiB, ["chunk size 3145728", "power of 2"] },
        { 4, 8, 1 * Units.MiB, 8 * Units.GiB, ["chunk size 1048576", "multiple of the 2097152-byte allocation unit"] },
        { 4, 8, 6 * Units.MiB, 8 * Units.GiB, ["chunk size 6291456", "power of 2"] },
        { 4, 8, 0, 8 * Units.GiB, ["chunk size 0"] },
        { 17, 32, 2 * Units.MiB, 64 * Units.GiB, ["strip count 17", "between 1 and 16"] },
        { 0, 8, 2 * Units.MiB, 8 * Units.GiB, ["strip count 0", "between 1 and 16"] },
        { -1, 8, 2 * Units.MiB, 8 * Units.GiB, ["strip count -1"] },
        { 4, 3, 2 * Units.MiB, 8 * Units.GiB, ["bucket count 3", "at least the strip count (4)"] },
        { 4, 65, 2 * Units.MiB, 128 * Units.GiB, ["bucket count 65", "at most 64"] },
        { 4, 16, 2 * Units.MiB, 8 * Units.GiB, ["16 buckets", "GiB device", "smaller than 1 GiB"] },
        { 2, 5, 2 * Units.MiB, 5 * Units.GiB - Unit, ["5 buckets", "smaller than 1 GiB"] },
    };

    [Theory]
    [MemberData(nameof(InvalidParameters))]
    public void Every_validation_rule_is_rejected_naming_the_rule_and_the_value(int strips, int buckets, ulong chunk, ulong device, string[] mentions)
    {
        var allocator = NewAllocator(device);
        var e = Assert.Throws<FamfsException>(() => allocator.Allocate(Units.GiB, new InterleaveParameters(strips, buckets, (long)chunk), 0));
        Assert.Equal(Errno.EINVAL, e.Errno);
        Assert.StartsWith("invalid interleave parameters: ", e.Message, StringComparison.Ordinal);
        Assert.All(mentions, m => Assert.Contains(m, e.Message, StringComparison.Ordinal));
        Assert.NotNull(e.Remedy);
        Assert.Equal(0, allocator.Map.UsedUnits);
    }

    [Theory]
    [MemberData(nameof(InvalidParameters))]
    public void Invalid_parameters_are_rejected_even_for_a_file_smaller_than_one_chunk(int strips, int buckets, ulong chunk, ulong device, string[] mentions)
    {
        var allocator = NewAllocator(device);
        var e = Assert.Throws<FamfsException>(() => allocator.Allocate(4096, new InterleaveParameters(strips, buckets, (long)chunk), 0));
        Assert.Equal(Errno.EINVAL, e.Errno);
        Assert.Contains(mentions[0], e.Message, StringComparison.Ordinal);
        Assert.Equal(0, allocator.Map.UsedUnits);
    }

    [Fact]
    public void The_limits_themselves_are_accepted()
    {
        new InterleaveParameters(16, 64, (long)(2 * Units.MiB)).Validate(64 * Units.GiB, Unit);
        new InterleaveParameters(1, 1, (long)(2 * Units.MiB)).Validate(4 * Units.GiB, Unit);
        new InterleaveParameters(4, 4, (long)Units.GiB).Validate(4 * Units.GiB, Unit);
    }
}
