using Famfs.Allocation;
using Famfs.Format;

namespace Famfs.Tests.Allocation;

public class AllocationMapTests
{
    private const ulong Mi = 1UL << 20;
    private const ulong Au = 2 * Mi;

    [Fact]
    public void Default_log_reserves_5_units_of_a_4_GiB_device()
    {
        var map = new AllocationMap(4UL << 30, Au, FormatConstants.MetadataLength(8 * Mi));
        Assert.Equal(2048, map.UnitCount);
        Assert.Equal(5, map.ReservedUnits);
        Assert.Equal(5, map.AllocatedUnits);
        Assert.False(map.IsFree(4));
        Assert.True(map.IsFree(5));
    }

    [Fact]
    public void A_16_MiB_log_reserves_9_units_and_a_partial_last_unit_counts()
    {
        Assert.Equal(9, new AllocationMap(4UL << 30, Au, FormatConstants.MetadataLength(16 * Mi)).ReservedUnits);
        Assert.Equal(4, new AllocationMap(7 * Mi, Au, 0).UnitCount);
    }

    [Fact]
    public void Units_are_found_by_shifts_for_both_unit_sizes_and_a_unit_not_a_power_of_two_is_refused()
    {
        var small = new AllocationMap(4UL << 30, 4096, 0);
        Assert.Equal((2UL, 3UL, true, false), (small.UnitOf(8192 + 5), small.UnitsFor(8193), small.StartsUnit(3 * 4096), small.StartsUnit(4097)));
        var large = new AllocationMap(4UL << 30, Au, 0);
        Assert.Equal((1UL, 2UL, true, false), (large.UnitOf(Au + 1), large.UnitsFor(Au + 1), large.StartsUnit(7 * Au), large.StartsUnit(Au / 2)));
        Assert.Equal(Errors.Errno.EINVAL, Assert.Throws<Errors.FamfsException>(() => new AllocationMap(4UL << 30, 3 * Mi, 0)).Errno);
    }

    [Fact]
    public void Claims_round_the_length_up_to_whole_units()
    {
        var map = new AllocationMap(4UL << 30, Au, 10 * Mi);
        Assert.Empty(map.Claim(new Extent(0, 10 * Mi, 1), 0));
        Assert.Empty(map.Claim(new Extent(0, 12 * Mi, Au + 1), 1));
        Assert.Equal(3, map.UsedUnits);
        Assert.False(map.IsFree(7));
        Assert.True(map.IsFree(8));
    }

    [Fact]
    public void A_zero_length_extent_claims_nothing()
    {
        var map = new AllocationMap(4UL << 30, Au, 10 * Mi);
        Assert.Empty(map.Claim(new Extent(0, 10 * Mi, 0), 0));
        Assert.Equal(0, map.UsedUnits);
    }

    [Fact]
    public void Overlapping_claims_report_one_run_per_previous_owner()
    {
        var map = new AllocationMap(4UL << 30, Au, 10 * Mi);
        map.Claim(new Extent(0, 20 * Mi, 8 * Mi), 0);  // units 10..13
        map.Claim(new Extent(0, 28 * Mi, 4 * Mi), 1);  // units 14..15
        var collisions = map.Claim(new Extent(0, 24 * Mi, 12 * Mi), 2); // units 12..17
        Assert.Equal(
            [new AllocationMap.Collision(0, 12, 14), new AllocationMap.Collision(1, 14, 16)],
            collisions);
        Assert.Equal(8, map.UsedUnits); // 4 + 2 + the 2 free units 16..17
    }

    [Fact]
    public void Claiming_metadata_units_is_a_collision_with_the_reserved_area()
    {
        var map = new AllocationMap(4UL << 30, Au, 10 * Mi);
        var collision = Assert.Single(map.Claim(new Extent(0, 8 * Mi, 4 * Mi), 0));
        Assert.True(collision.WithMetadata);
        Assert.Equal(4UL, collision.StartUnit);
        Assert.Equal(5UL, collision.EndUnit);
    }

    [Fact]
    public void Units_past_the_end_of_the_device_are_ignored()
    {
        var map = new AllocationMap(4UL << 30, Au, 10 * Mi);
        Assert.Empty(map.Claim(new Extent(0, (4UL << 30) - Au, 4 * Au), 0));
        Assert.Equal(1, map.UsedUnits);
    }

    [Fact]
    public void A_negative_owner_is_refused()
    {
        var map = new AllocationMap(4UL << 30, Au, 10 * Mi);
        Assert.Throws<ArgumentOutOfRangeException>(() => map.Claim(new Extent(0, 10 * Mi, Au), -1));
    }
}
