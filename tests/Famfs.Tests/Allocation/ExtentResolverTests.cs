using Famfs.Allocation;
using Famfs.Format;
using Famfs.Tests.Files.Support;

namespace Famfs.Tests.Allocation;

/// <summary>File offset → device offset for simple extent lists and for interleaved files (docs/FORMAT.md formula).</summary>
public sealed class ExtentResolverTests
{
    private const ulong MiB = Units.MiB;

    private static readonly SimpleFileMap ThreeExtents = new([
        new Extent(0, 10 * MiB, 4 * MiB),
        new Extent(0, 100 * MiB, 2 * MiB),
        new Extent(0, 50 * MiB, 6 * MiB),
    ]);

    [Theory]
    [InlineData(0UL, 10 * MiB, 4 * MiB)]
    [InlineData(1UL, 10 * MiB + 1, 4 * MiB - 1)]
    [InlineData(4 * MiB - 1, 14 * MiB - 1, 1UL)]
    [InlineData(4 * MiB, 100 * MiB, 2 * MiB)]
    [InlineData(5 * MiB + 7, 101 * MiB + 7, MiB - 7)]
    [InlineData(6 * MiB, 50 * MiB, 6 * MiB)]
    [InlineData(12 * MiB - 1, 56 * MiB - 1, 1UL)]
    public void Simple_multi_extent_offsets_walk_the_extents_in_order(ulong fileOffset, ulong deviceOffset, ulong contiguous)
    {
        Assert.Equal((deviceOffset, contiguous), ExtentResolver.Resolve(ThreeExtents, fileOffset));
    }

    [Theory]
    [InlineData(12 * MiB)]
    [InlineData(ulong.MaxValue)]
    public void Offsets_past_the_extents_are_refused(ulong fileOffset)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ExtentResolver.Resolve(ThreeExtents, fileOffset));
        Assert.Contains($"{12 * MiB} bytes", e.Message, StringComparison.Ordinal);
    }

    /// <summary>docs/FORMAT.md: chunk = ofs / cs; stripe = chunk / nstrips; strip = chunk % nstrips; dev = strips[strip].offset + stripe × cs + ofs % cs.</summary>
    private static ulong Formula(InterleavedFileMap map, ulong ofs)
    {
        var chunk = ofs / map.ChunkSize;
        var stripe = chunk / map.StripCount;
        var strip = chunk % map.StripCount;
        return map.Strips[(int)strip].Offset + (stripe * map.ChunkSize) + (ofs % map.ChunkSize);
    }

    [Theory]
    [InlineData(4, 2 * MiB, 13)]
    [InlineData(8, 4 * MiB, 2)]
    [InlineData(3, 8 * MiB, 5)]
    [InlineData(16, 2 * MiB, 1)]
    [InlineData(1, 2 * MiB, 7)]
    public void Interleaved_offsets_follow_the_format_formula(int strips, ulong chunk, int stripes)
    {
        var map = new InterleavedFileMap((ulong)strips, chunk,
            [.. Enumerable.Range(0, strips).Select(i => new Extent(0, (ulong)(((i * 37) % 61) + 1) * Units.GiB, (ulong)stripes * chunk))]);
        var total = (ulong)strips * (ulong)stripes * chunk;
        var random = new Random(strips * 1000 + stripes);
        var offsets = new List<ulong> { 0, 1, chunk - 1, chunk, chunk + 1, total - 1 };
        for (var k = 0UL; k < (ulong)strips * (ulong)stripes; k++)
        {
            offsets.Add(k * chunk);
            offsets.Add((k * chunk) + chunk - 1);
        }

        offsets.AddRange(Enumerable.Range(0, 500).Select(_ => (ulong)random.NextInt64((long)total)));
        foreach (var ofs in offsets)
        {
            var (device, contiguous) = ExtentResolver.Resolve(map, ofs);
            Assert.Equal(Formula(map, ofs), device);
            Assert.Equal(chunk - (ofs % chunk), contiguous);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => ExtentResolver.Resolve(map, total));
    }

    [Fact]
    public void Consecutive_chunks_go_round_robin_over_the_strips()
    {
        var map = new InterleavedFileMap(3, 2 * MiB, [new Extent(0, 1000 * MiB, 4 * MiB), new Extent(0, 2000 * MiB, 4 * MiB), new Extent(0, 3000 * MiB, 4 * MiB)]);
        ulong[] expected = [1000 * MiB, 2000 * MiB, 3000 * MiB, 1002 * MiB, 2002 * MiB, 3002 * MiB];
        Assert.Equal(expected, Enumerable.Range(0, 6).Select(c => ExtentResolver.Resolve(map, (ulong)c * 2 * MiB).DeviceOffset));
    }

    [Fact]
    public void Every_data_sample_of_the_reference_golden_image_maps_to_the_same_device_offset()
    {
        var manifest = ConformanceManifest.Load("interleaved");
        var maps = manifest.GetProperty("entries").EnumerateArray()
            .Where(e => e.GetProperty("type_name").GetString() == "FILE")
            .ToDictionary(e => e.GetProperty("relpath").GetString()!, ConformanceManifest.FileMap);
        var samples = 0;
        var interleavedFiles = 0;
        foreach (var pattern in manifest.GetProperty("data_patterns").EnumerateArray())
        {
            var map = maps[pattern.GetProperty("relpath").GetString()!];
            interleavedFiles += map is InterleavedFileMap ? 1 : 0;
            foreach (var sample in pattern.GetProperty("samples").EnumerateArray())
            {
                var fileOffset = sample.GetProperty("file_offset").GetUInt64();
                var expected = sample.GetProperty("dev_offset").GetUInt64();
                var (device, _) = ExtentResolver.Resolve(map, fileOffset);
                Assert.True(expected == device,
                    $"{pattern.GetProperty("relpath").GetString()}: file offset {fileOffset} → device {device}, the reference maps it to {expected}");
                if (map is InterleavedFileMap interleaved)
                {
                    Assert.Equal(expected, Formula(interleaved, fileOffset));
                }

                samples++;
            }
        }

        Assert.True(interleavedFiles >= 4 && samples >= 30, $"only {samples} samples over {interleavedFiles} interleaved files were checked");
    }
}
