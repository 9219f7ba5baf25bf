using CsCheck;
using Famfs.Allocation;
using Famfs.Errors;
using Famfs.Format;

namespace Famfs.Tests.Allocation;

/// <summary>
/// The allocator over generated devices and request sequences (simple and striped, CsCheck
/// shrinks a failure): every extent it chooses is unit-aligned, lies after the metadata and
/// inside the device, overlaps no other file's extent, and covers the file; ENOSPC claims nothing.
/// </summary>
public sealed class AllocatorPropertyTests
{
    private const ulong Unit = FormatConstants.AllocationUnit;
    private static readonly ulong Metadata = FormatConstants.MetadataLength(FormatConstants.DefaultLogLength);

    private sealed record Request(ulong Size, int Strips, int ExtraBuckets, int ChunkUnits);

    private static readonly Gen<Request> Requests = Gen.Select(
        Gen.OneOf(Gen.ULong[1, 8 * Units.MiB], Gen.ULong[1, 3 * Units.GiB]), Gen.Int[0, 4], Gen.Int[0, 4], Gen.OneOf(Gen.Const(1), Gen.Const(2), Gen.Const(4)),
        (size, strips, extra, chunk) => new Request(size, strips, extra, chunk));

    [Fact]
    public void Chosen_extents_are_aligned_inside_the_device_after_the_metadata_disjoint_and_cover_the_file()
    {
        // Devices often end in a partial unit (a size that is not a multiple of 2 MiB): no file may reach past the end.
        var deviceSizes = Gen.Select(Gen.OneOf(Gen.ULong[6, 40], Gen.ULong[6, 6000]), Gen.OneOf(Gen.Const(0UL), Gen.ULong[1, Unit - 1]),
            (units, tail) => (units * Unit) + tail);
        Gen.Select(deviceSizes, Requests.Array[1, 30], Gen.Int).Sample((deviceSize, requests, seed) =>
        {
            var allocator = new Allocator(new AllocationMap(deviceSize, Unit, Metadata), new Random(seed));
            var taken = new List<Extent>();
            for (var owner = 0; owner < requests.Length; owner++)
            {
                var request = requests[owner];
                var interleave = Interleave(request, deviceSize);
                var before = allocator.Map.AllocatedUnits;
                FileMap map;
                try
                {
                    map = allocator.Choose(request.Size, interleave);
                }
                catch (FamfsException e) when (e.Errno == Errno.ENOSPC)
                {
                    Assert.Equal(before, allocator.Map.AllocatedUnits);
                    continue;
                }

                AssertPlacement(map, request.Size, interleave, deviceSize, taken);
                foreach (var extent in map.DeviceExtents)
                {
                    Assert.Empty(allocator.Map.Claim(extent, owner));
                    taken.Add(extent);
                }
            }
        });
    }

    /// <summary>Valid striping for the request on this device, or null (a simple file) when it asks for none or none fits.</summary>
    private static InterleaveParameters? Interleave(Request request, ulong deviceSize)
    {
        var buckets = Math.Min(request.Strips + request.ExtraBuckets, (int)Math.Min(InterleaveParameters.MaxBuckets, deviceSize / InterleaveParameters.MinBucketSize));
        return request.Strips == 0 || buckets < request.Strips ? null : new InterleaveParameters(request.Strips, buckets, (long)((ulong)request.ChunkUnits * Unit));
    }

    private static void AssertPlacement(FileMap map, ulong size, InterleaveParameters? interleave, ulong deviceSize, List<Extent> taken)
    {
        var extents = map.DeviceExtents;
        Assert.NotEmpty(extents);
        foreach (var extent in extents)
        {
            Assert.True(extent.Offset % Unit == 0 && extent.Length % Unit == 0 && extent.Length > 0, $"unaligned or empty: {extent}");
            Assert.True(extent.Offset >= Metadata, $"{extent} overlaps the superblock area or the log");
            Assert.True(extent.Offset + extent.Length <= deviceSize, $"{extent} ends past the {deviceSize}-byte device");
            Assert.DoesNotContain(taken.Concat(extents.Where(other => other != extent)), other => Overlap(other, extent));
        }

        switch (map)
        {
            case SimpleFileMap simple:
                Assert.True(interleave is null || size < interleave.ChunkBytes, "a striped request became a simple file");
                Assert.True(simple.Extents[0].Length >= size, $"{simple.Extents[0]} does not hold {size} bytes");
                break;
            case InterleavedFileMap striped:
                Assert.NotNull(interleave);
                Assert.Equal((ulong)interleave.StripCount, striped.StripCount);
                Assert.Equal(interleave.ChunkBytes, striped.ChunkSize);
                Assert.All(striped.Strips, strip => Assert.Equal(striped.Strips[0].Length, strip.Length));
                Assert.True(striped.Strips[0].Length % striped.ChunkSize == 0, "a strip is not a whole number of chunks");
                Assert.True(striped.Strips[0].Length * striped.StripCount >= size, $"the strips do not hold {size} bytes");
                break;
        }
    }

    private static bool Overlap(Extent a, Extent b) => a.Offset < b.Offset + b.Length && b.Offset < a.Offset + a.Length;
}
