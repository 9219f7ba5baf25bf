using Famfs.Format;

namespace Famfs.Allocation;

/// <summary>
/// Where a file offset lives on the device: the one place that turns file offsets into
/// device offsets, for simple extent lists and for interleaved (striped) files.
/// </summary>
internal static class ExtentResolver
{
    /// <summary>
    /// The device offset of byte <paramref name="fileOffset"/> of a file with map <paramref name="map"/>,
    /// and how many bytes from there on are contiguous on the device.
    /// </summary>
    public static (ulong DeviceOffset, ulong Contiguous) Resolve(FileMap map, ulong fileOffset)
    {
        var location = Locate(map, fileOffset);
        return (location.DeviceOffset, location.Contiguous);
    }

    /// <summary>
    /// Which extent (strip) of <see cref="FileMap.DeviceExtents"/> holds byte <paramref name="fileOffset"/>,
    /// where in it, and how many bytes from there are contiguous — never past the end of that extent,
    /// whatever the map claims, so a view built from it stays inside the extent's mapping.
    /// </summary>
    public static FileLocation Locate(FileMap map, ulong fileOffset) => map switch
    {
        SimpleFileMap simple => LocateSimple(simple, fileOffset),
        InterleavedFileMap interleaved => LocateInterleaved(interleaved, fileOffset),
        _ => throw new ArgumentException($"unknown file map {map.GetType().Name}", nameof(map)),
    };

    private static FileLocation LocateSimple(SimpleFileMap map, ulong fileOffset)
    {
        var remaining = fileOffset;
        for (var i = 0; i < map.Extents.Length; i++)
        {
            var extent = map.Extents[i];
            if (remaining < extent.Length)
            {
                return new FileLocation(i, remaining, extent.Offset + remaining, extent.Length - remaining);
            }

            remaining -= extent.Length;
        }

        throw OutOfRange(fileOffset, map);
    }

    /// <summary>
    /// Chunks go round-robin over the strips: chunk c is in strip c % nstrips, stripe c / nstrips
    /// (the kernel's famfs_interleave_fileofs_to_daxofs).
    /// </summary>
    private static FileLocation LocateInterleaved(InterleavedFileMap map, ulong fileOffset)
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

        var extent = map.Strips[(int)strip];
        return new FileLocation((int)strip, stripOffset, extent.Offset + stripOffset,
            Math.Min(chunkSize - within, extent.Length - stripOffset));
    }

    private static ArgumentOutOfRangeException OutOfRange(ulong fileOffset, FileMap map) =>
        new(nameof(fileOffset), $"file offset {fileOffset} is beyond the {map.AllocatedBytes} bytes the file's extents hold");
}

/// <summary>Where one file offset lives: extent (strip) <see cref="ExtentIndex"/>, <see cref="OffsetInExtent"/> bytes in.</summary>
internal readonly record struct FileLocation(int ExtentIndex, ulong OffsetInExtent, ulong DeviceOffset, ulong Contiguous);
