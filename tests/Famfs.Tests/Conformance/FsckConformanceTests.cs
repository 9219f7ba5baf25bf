using Famfs.Admin;
using Famfs.Format;

namespace Famfs.Tests.Conformance;

[Collection(ConformanceCollection.Name)]
public class FsckConformanceTests(ConformanceFixture images)
{
    [Theory]
    [MemberData(nameof(ConformanceData.PositiveImages), MemberType = typeof(ConformanceData))]
    public void Fsck_is_clean_on_every_reference_image(string name)
    {
        var report = Fsck.Run(images[name].Device);
        Assert.True(report.Clean, $"{name}: {string.Join("; ", report.Errors)}");
        Assert.Empty(report.CrossLinks);
        Assert.All(report.Entries, e => Assert.Equal("ok", e.Status));
    }

    [Theory]
    [MemberData(nameof(ConformanceData.PositiveImages), MemberType = typeof(ConformanceData))]
    public void Fsck_statistics_agree_with_the_manifest(string name)
    {
        var image = images[name];
        var manifest = image.Manifest;
        var stats = Fsck.Run(image.Device).Statistics;
        Assert.NotNull(stats);
        var entries = manifest.Entries;
        var files = entries.Where(e => e.Str("type_name") == "FILE").ToList();
        Assert.Equal(files.Count, stats.Files);
        Assert.Equal(entries.Count(e => e.Str("type_name") == "MKDIR"), stats.Directories);

        var unit = manifest.Superblock.U64("ts_alloc_unit");
        var reserved = (int)(FormatConstants.MetadataLength(manifest.Superblock.U64("ts_log_len")) / unit);
        var used = files.Sum(f => ExtentLengths(f).Sum(len => (int)((len + unit - 1) / unit)));
        Assert.Equal((long)manifest.DeviceSize, stats.CapacityBytes);
        Assert.Equal((long)unit, stats.AllocationUnit);
        Assert.Equal((int)(manifest.DeviceSize / unit), stats.TotalUnits);
        Assert.Equal(reserved, stats.ReservedUnits);
        Assert.Equal(reserved + used, stats.AllocatedUnits);
        Assert.Equal(stats.TotalUnits - stats.AllocatedUnits, stats.FreeUnits);
    }

    [Fact]
    public void A_full_device_has_no_free_units()
    {
        var stats = Fsck.Run(images["devfull"].Device).Statistics!;
        Assert.Equal(0, stats.FreeUnits);
        Assert.Equal(2048, stats.AllocatedUnits);
    }

    private static IEnumerable<ulong> ExtentLengths(System.Text.Json.JsonElement file)
    {
        var fmap = file.Get("fmap");
        var extents = fmap.U32("fmap_ext_type") == 0
            ? fmap.Get("extents").EnumerateArray()
            : fmap.Get("ie")[0].Get("strips").EnumerateArray();
        return extents.Select(e => e.U64("len"));
    }
}
