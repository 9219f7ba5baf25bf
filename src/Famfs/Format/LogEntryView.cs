using System.Runtime.InteropServices;
using Famfs.Format.Raw;

namespace Famfs.Format;

/// <summary>
/// One 544-byte log entry read where it lies, for a pass over a whole log that allocates
/// nothing per entry (fsck's scan): the fields a log play looks at, and the defects
/// <see cref="LogEntryCodec.Decode"/> finds, with no record or string made for a sound entry.
/// Valid only while the bytes it was made from are.
/// </summary>
internal readonly ref struct LogEntryView
{
    private readonly ref readonly famfs_log_entry _raw;

    public LogEntryView(ReadOnlySpan<byte> entry) => _raw = ref MemoryMarshal.AsRef<famfs_log_entry>(entry[..FormatConstants.LogEntrySize]);

    /// <summary>The raw type field (it may name no known type).</summary>
    public uint RawType => _raw.famfs_log_entry_type;

    /// <summary>A FILE entry's size in bytes.</summary>
    public ulong FileSize => _raw.famfs_fm.fm_size;

    /// <summary>Whether a FILE entry's map is one interleaved extent (else a simple extent list).</summary>
    public bool IsInterleaved => _raw.famfs_fm.fm_fmap.fmap_ext_type == 1;

    /// <summary>
    /// A FILE or MKDIR entry's 80-byte path field: the path is the bytes before the first NUL,
    /// and a field with no NUL makes the entry unplayable (<see cref="LogEntryCodec.PathNotTerminated"/>).
    /// </summary>
    public ReadOnlySpan<byte> PathField => RawType == (uint)LogEntryType.File ? Span(in _raw.famfs_fm.fm_relpath) : Span(in _raw.famfs_md.md_relpath);

    /// <summary>Why a FILE entry's map cannot be played whatever the tree holds (<see cref="LogEntryCodec.FmapDefect"/>), or null.</summary>
    public string? MapDefect => LogEntryCodec.FmapDefect(in _raw.famfs_fm.fm_fmap);

    /// <summary>
    /// Copies a FILE entry's extents (an interleaved map's strips), as many as its count says up
    /// to 16, into <paramref name="destination"/> (16 long) and returns them; the map must have no <see cref="MapDefect"/>.
    /// </summary>
    public ReadOnlySpan<Extent> CopyExtents(Span<Extent> destination)
    {
        ref readonly var fmap = ref _raw.famfs_fm.fm_fmap;
        var raw = IsInterleaved ? Span(in fmap.ie.ie_strips) : Span(in fmap.se);
        var count = (int)(IsInterleaved ? fmap.ie.ie_nstrips : fmap.fmap_nextents);
        LogEntryCodec.CopyExtents(raw[..count], destination);
        return destination[..count];
    }

    private static ReadOnlySpan<byte> Span(in Bytes80 field) => field;

    private static ReadOnlySpan<famfs_simple_extent> Span(in SimpleExtents16 extents) => extents;

    /// <summary>Why a FILE entry's map cannot hold its size (as <see cref="FileMap.CannotHold"/>), given its <paramref name="extents"/>; null when it can.</summary>
    public string? CannotHoldSize(ReadOnlySpan<Extent> extents)
    {
        ref readonly var fmap = ref _raw.famfs_fm.fm_fmap;
        return IsInterleaved
            ? InterleavedFileMap.CannotHold(fmap.ie.ie_nstrips, fmap.ie.ie_chunk_size, extents, FileSize)
            : SimpleFileMap.CannotHold(extents, FileSize);
    }
}
