namespace Famfs.TestSupport;

/// <summary>What one fuzz case does to a famfs image.</summary>
internal enum MutationKind
{
    /// <summary>One bit flipped in the superblock's bytes.</summary>
    SuperblockBit,

    /// <summary>One bit flipped in the log header.</summary>
    HeaderBit,

    /// <summary>One bit flipped in a logged entry.</summary>
    EntryBit,

    /// <summary>A boundary value in a superblock or log-header field, the CRC resealed: only the meaning is wrong.</summary>
    MetadataField,

    /// <summary>A boundary value in a field of a logged entry, the CRC resealed: a CRC-correct, semantically bad entry.</summary>
    EntryField,

    /// <summary>The device cut short.</summary>
    Truncation,
}

/// <summary>
/// One fuzz case: <see cref="Kind"/> picks the damage, <see cref="Where"/> the byte or field
/// (taken modulo the region's size), <see cref="Value"/> the value (mapped onto the boundary
/// values most likely to break arithmetic, or used as it is), <see cref="Bit"/> the bit to flip.
/// </summary>
internal readonly record struct ImageMutation(MutationKind Kind, int Where, ulong Value, int Bit);
