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
    public ulong AllocatedBytes
    {
        get
        {
            var sum = 0UL;
            foreach (var extent in DeviceExtentSpan)
            {
                sum += extent.Length;
            }

            return sum;
        }
    }

    /// <summary>Why this map cannot hold a file of <paramref name="size"/> bytes, or null when it can.</summary>
    public abstract string? CannotHold(ulong size);
}

/// <summary>A list of up to 16 extents, concatenated in order.</summary>
internal sealed record SimpleFileMap(ImmutableArray<Extent> Extents) : FileMap
{
    public override IReadOnlyList<Extent> DeviceExtents => Extents;

    internal override ReadOnlySpan<Extent> DeviceExtentSpan => Extents.AsSpan();

    public override string? CannotHold(ulong size) =>
        size <= AllocatedBytes ? null : $"size {size} is larger than its {AllocatedBytes} allocated bytes";
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
    public override string? CannotHold(ulong size)
    {
        if (StripCount == 0 || ChunkSize == 0 || (ulong)Strips.Length < StripCount)
        {
            return $"interleaved map has {Strips.Length} of {StripCount} strips with chunk size {ChunkSize}";
        }

        var chunks = (size / ChunkSize) + (size % ChunkSize == 0 ? 0UL : 1UL); // no size + ChunkSize - 1: it wraps for a huge chunk size
        for (var strip = 0UL; strip < Math.Min(StripCount, chunks); strip++)
        {
            var lastChunk = strip + (StripCount * ((chunks - 1 - strip) / StripCount));
            var needed = ((lastChunk / StripCount) * ChunkSize) + Math.Min(ChunkSize, size - (lastChunk * ChunkSize));
            if (Strips[(int)strip].Length < needed)
            {
                return $"strip {strip} is {Strips[(int)strip].Length} bytes; a {size}-byte file striped in {ChunkSize}-byte chunks needs {needed}";
            }
        }

        return null;
    }
}
