using Famfs.Allocation;
using Famfs.Format;

namespace Famfs.Tests.Allocation.Support;

/// <summary>What the file system does after a successful append: choose, then claim for an owner.</summary>
internal static class AllocatorTestExtensions
{
    public static FileMap Allocate(this Allocator allocator, ulong size, InterleaveParameters? interleave, int owner)
    {
        var map = allocator.Choose(size, interleave);
        foreach (var extent in map.DeviceExtents)
        {
            allocator.Map.Claim(extent, owner);
        }

        return map;
    }
}
