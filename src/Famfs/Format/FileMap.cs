using System.Collections.Immutable;

namespace Famfs.Format;

/// <summary>Where a file's bytes live on the device (fm_fmap).</summary>
public abstract record FileMap
{
    /// <summary>Every device range the file occupies (the strips, for an interleaved file).</summary>
    public abstract IReadOnlyList<Extent> DeviceExtents { get; }

    /// <summary>Total bytes allocated: the most the file can hold.</summary>
    public ulong AllocatedBytes => DeviceExtents.Aggregate(0UL, (sum, e) => sum + e.Length);
}

/// <summary>A list of up to 16 extents, concatenated in order.</summary>
public sealed record SimpleFileMap(ImmutableArray<Extent> Extents) : FileMap
{
    public override IReadOnlyList<Extent> DeviceExtents => Extents;
}

/// <summary>
/// One interleaved extent: the file is striped in <see cref="ChunkSize"/> chunks round-robin
/// across <see cref="Strips"/> (one strip per bucket).
/// </summary>
public sealed record InterleavedFileMap(ulong StripCount, ulong ChunkSize, ImmutableArray<Extent> Strips) : FileMap
{
    public override IReadOnlyList<Extent> DeviceExtents => Strips;
}
