using System.Collections.Immutable;

namespace Famfs.Format;

/// <summary>Where a file's bytes live on the device (fm_fmap).</summary>
internal abstract record FileMap
{
    /// <summary>Every device range the file occupies (the strips, for an interleaved file).</summary>
    public abstract IReadOnlyList<Extent> DeviceExtents { get; }

    /// <summary><see cref="DeviceExtents"/> as a span: no boxing or interface calls, for what runs once per file created or played.</summary>
    internal abstract ReadOnlySpan<Extent> DeviceExtentSpan { get; }

    /// <summary>Total bytes allocated: the most the file can hold.</summary>
    public ulong AllocatedBytes => SumOfLengths(DeviceExtentSpan);

    /// <summary>Why this map cannot hold a file of <paramref name="size"/> bytes, or null when it can.</summary>
    public abstract string? CannotHold(ulong size);

    private protected static ulong SumOfLengths(ReadOnlySpan<Extent> extents)
    {
        var sum = 0UL;
        foreach (var extent in extents)
        {
            sum += extent.Length;
        }

        return sum;
    }
}

/// <summary>A list of up to 16 extents, concatenated in order.</summary>
internal sealed record SimpleFileMap(ImmutableArray<Extent> Extents) : FileMap
{
    public override IReadOnlyList<Extent> DeviceExtents => Extents;

    internal override ReadOnlySpan<Extent> DeviceExtentSpan => Extents.AsSpan();

    public override string? CannotHold(ulong size) => CannotHold(Extents.AsSpan(), size);

    /// <summary>Why a simple map of <paramref name="extents"/> cannot hold <paramref name="size"/> bytes (see <see cref="FileMap.CannotHold"/>), for extents read in place.</summary>
    internal static string? CannotHold(ReadOnlySpan<Extent> extents, ulong size)
    {
        var allocated = SumOfLengths(extents);
        return size <= allocated ? null : $"size {size} is larger than its {allocated} allocated bytes";
    }
}

/// <summary>
/// One interleaved extent: the file is striped in <see cref="ChunkSize"/> chunks round-robin
/// across <see cref="Strips"/> (one strip per bucket).
/// </summary>
internal sealed record InterleavedFileMap(ulong StripCount, ulong ChunkSize, ImmutableArray<Extent> Strips) : FileMap
{
    public override IReadOnlyList<Extent> DeviceExtents => Strips;

    internal override ReadOnlySpan<Extent> DeviceExtentSpan => Strips.AsSpan();

    /// <summary>
    /// Chunk c of the file lives in strip c % nstrips at stripe c / nstrips, so each strip must
    /// reach the end of the last chunk it holds: having enough bytes in total is not enough.
    /// </summary>
    public override string? CannotHold(ulong size) => CannotHold(StripCount, ChunkSize, Strips.AsSpan(), size);

    /// <summary>Why an interleaved map of these fields cannot hold <paramref name="size"/> bytes (see <see cref="CannotHold(ulong)"/>), for a map read in place.</summary>
    internal static string? CannotHold(ulong stripCount, ulong chunkSize, ReadOnlySpan<Extent> strips, ulong size)
    {
        if (stripCount == 0 || chunkSize == 0 || (ulong)strips.Length < stripCount)
        {
            return $"interleaved map has {strips.Length} of {stripCount} strips with chunk size {chunkSize}";
        }

        var chunks = (size / chunkSize) + (size % chunkSize == 0 ? 0UL : 1UL); // no size + chunkSize - 1: it wraps for a huge chunk size
        for (var strip = 0UL; strip < Math.Min(stripCount, chunks); strip++)
        {
            var lastChunk = strip + (stripCount * ((chunks - 1 - strip) / stripCount));
            var needed = ((lastChunk / stripCount) * chunkSize) + Math.Min(chunkSize, size - (lastChunk * chunkSize));
            if (strips[(int)strip].Length < needed)
            {
                return $"strip {strip} is {strips[(int)strip].Length} bytes; a {size}-byte file striped in {chunkSize}-byte chunks needs {needed}";
            }
        }

        return null;
    }
}
