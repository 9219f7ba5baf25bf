using Famfs.Allocation;
using Famfs.Tests.Allocation.Support;
using Famfs.Errors;
using Famfs.Format;

namespace Famfs.Tests.Allocation;

/// <summary>Simple (first-fit) allocation: round-up to the unit, reserved metadata, ENOSPC claims nothing.</summary>
public sealed class AllocatorTests
{
    private const ulong Unit = 2 * Units.MiB;
    private const ulong DefaultMetadata = 2 * Units.MiB + 8 * Units.MiB; // superblock area + 8 MiB log

    private static Allocator NewAllocator(ulong deviceSize, ulong reserved = DefaultMetadata) =>
        new(new AllocationMap(deviceSize, Unit, reserved), new Random(1));

    private static Extent Single(FileMap map) => Assert.Single(Assert.IsType<SimpleFileMap>(map).Extents);

    [Fact]
    public void Superblock_and_default_log_reserve_five_units_and_the_first_file_follows_them()
    {
        var allocator = NewAllocator(4 * Units.GiB);
        Assert.Equal(5, allocator.Map.ReservedUnits);
        Assert.Equal(2048, allocator.Map.UnitCount);
        Assert.All(Enumerable.Range(0, 5), u => Assert.False(allocator.Map.IsFree(u)));

        var extent = Single(allocator.Allocate(1, null, owner: 0));
        Assert.Equal(new Extent(0, 5 * Unit, Unit), extent);
    }

    [Fact]
    public void Sixteen_MiB_log_reserves_nine_units()
    {
        var allocator = NewAllocator(4 * Units.GiB, FormatConstants.MetadataLength(16 * Units.MiB));
        Assert.Equal(9, allocator.Map.ReservedUnits);
        Assert.Equal(9 * Unit, Single(allocator.Allocate(4096, null, 0)).Offset);
    }

    [Theory]
    [InlineData(1UL, 1UL)]
    [InlineData(4096UL, 1UL)]
    [InlineData(2 * Units.MiB - 1, 1UL)]
    [InlineData(2 * Units.MiB, 1UL)]
    [InlineData(2 * Units.MiB + 1, 2UL)]
    [InlineData(7340037UL, 4UL)]
    [InlineData(Units.GiB, 512UL)]
    public void Extent_length_is_size_rounded_up_to_the_allocation_unit(ulong size, ulong units)
    {
        var allocator = NewAllocator(4 * Units.GiB);
        var extent = Single(allocator.Allocate(size, null, 0));
        Assert.Equal(units * Unit, extent.Length);
        Assert.Equal((int)units, allocator.Map.UsedUnits);
    }

    [Fact]
    public void Consecutive_files_are_packed_first_fit()
    {
        var allocator = NewAllocator(4 * Units.GiB);
        var a = Single(allocator.Allocate(3 * Units.MiB, null, 0));
        var b = Single(allocator.Allocate(1, null, 1));
        var c = Single(allocator.Allocate(5 * Units.MiB, null, 2));
        Assert.Equal(5 * Unit, a.Offset);
        Assert.Equal(a.End, b.Offset);
        Assert.Equal(b.End, c.Offset);
        Assert.Equal(2 + 1 + 3, allocator.Map.UsedUnits);
    }

    [Fact]
    public void First_fit_fills_the_lowest_hole_that_is_large_enough()
    {
        var allocator = NewAllocator(4 * Units.GiB);
        allocator.Map.Claim(new Extent(0, 6 * Unit, Unit), owner: 99); // free: unit 5, then 7..

        var two = Single(allocator.Allocate(2 * Unit, null, 0));
        Assert.Equal(7 * Unit, two.Offset); // unit 5 alone is too small

        var one = Single(allocator.Allocate(Unit, null, 1));
        Assert.Equal(5 * Unit, one.Offset); // first fit, not next fit
    }

    [Fact]
    public void Out_of_space_is_ENOSPC_and_claims_nothing()
    {
        var allocator = NewAllocator(64 * Units.MiB); // 32 units, 5 reserved, 27 free
        var before = Snapshot(allocator.Map);

        var e = Assert.Throws<FamfsException>(() => allocator.Allocate(28 * Unit, null, 0));
        Assert.Equal(Errno.ENOSPC, e.Errno);
        Assert.Contains($"{28 * Unit} bytes", e.Message, StringComparison.Ordinal);
        Assert.Contains("27 of 32 allocation units are free", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(allocator.Map));
        Assert.Equal(0, allocator.Map.UsedUnits);

        // Exactly what is left still fits afterwards.
        Assert.Equal(27 * Unit, Single(allocator.Allocate(27 * Unit, null, 0)).Length);
        Assert.Equal(Errno.ENOSPC, Assert.Throws<FamfsException>(() => allocator.Allocate(1, null, 1)).Errno);
    }

    [Fact]
    public void Enough_free_units_that_are_not_contiguous_is_still_ENOSPC_and_claims_nothing()
    {
        var allocator = NewAllocator(64 * Units.MiB);
        allocator.Map.Claim(new Extent(0, 10 * Unit, Unit), owner: 99); // free runs: 5..9 (5), 11..31 (21)
        var before = Snapshot(allocator.Map);

        var e = Assert.Throws<FamfsException>(() => allocator.Allocate(22 * Unit, null, 0));
        Assert.Equal(Errno.ENOSPC, e.Errno);
        Assert.Contains("contiguous", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(allocator.Map));
    }

    internal static bool[] Snapshot(AllocationMap map) => [.. Enumerable.Range(0, map.UnitCount).Select(map.IsFree)];
}
