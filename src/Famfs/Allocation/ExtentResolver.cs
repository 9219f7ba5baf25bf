using Famfs.Format;

namespace Famfs.Allocation;

/// <summary>
/// Where a file offset lives on the device: the one place that turns file offsets into
/// device offsets, for simple extent lists and for interleaved (striped) files.
/// </summary>
public static class ExtentResolver
{
    /// <summary>
    /// The device offset of byte <paramref name="fileOffset"/> of a file with map <paramref name="map"/>,
    /// and how many bytes from there on are contiguous on the device.
    /// </summary>
    public static (ulong DeviceOffset, ulong Contiguous) Resolve(FileMap map, ulong fileOffset) => map switch
    {
        SimpleFileMap simple => ResolveSimple(simple, fileOffset),
        InterleavedFileMap interleaved => ResolveInterleaved(interleaved, fileOffset),
        _ => throw new ArgumentException($"unknown file map {map.GetType().Name}", nameof(map)),
    };

    private static (ulong, ulong) ResolveSimple(SimpleFileMap map, ulong fileOffset)
    {
        var remaining = fileOffset;
        foreach (var extent in map.Extents)
        {
            if (remaining < extent.Length)
            {
                return (extent.Offset + remaining, extent.Length - remaining);
            }

            remaining -= extent.Length;
        }

        throw OutOfRange(fileOffset, map);
    }

    /// <summary>
    /// Chunks go round-robin over the strips: chunk c is in strip c % nstrips, stripe c / nstrips
    /// (the kernel's famfs_interleave_fileofs_to_daxofs).
    /// </summary>
    private static (ulong, ulong) ResolveInterleaved(InterleavedFileMap map, ulong fileOffset)
    {
        var chunkSize = map.ChunkSize;
        var chunk = fileOffset / chunkSize;
        var strip = chunk % map.StripCount;
        var stripe = chunk / map.StripCount;
        var within = fileOffset % chunkSize;
        var stripOffset = (stripe * chunkSize) + within;
        if (strip >= (ulong)map.Strips.Length || stripOffset >= map.Strips[(int)strip].Length)
        {
            throw OutOfRange(fileOffset, map);
        }

        return (map.Strips[(int)strip].Offset + stripOffset, chunkSize - within);
    }

    private static ArgumentOutOfRangeException OutOfRange(ulong fileOffset, FileMap map) =>
        new(nameof(fileOffset), $"file offset {fileOffset} is beyond the {map.AllocatedBytes} bytes the file's extents hold");
}
