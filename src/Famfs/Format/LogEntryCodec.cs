using System.Collections.Immutable;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Famfs.Errors;
using Famfs.Format.Raw;

namespace Famfs.Format;

/// <summary>
/// Reads and writes 544-byte log entries. Decoding never throws: whatever the bytes hold
/// comes back as an entry, with <see cref="LogEntry.Defect"/> naming what makes it unplayable.
/// </summary>
internal static class LogEntryCodec
{
    public const int CrcOffset = famfs_log_entry.CrcCoveredLength;

    /// <summary>The CRC computed over the covered bytes [0, 536) of an entry.</summary>
    public static ulong ComputeCrc(ReadOnlySpan<byte> entry) => Crc32.HashToUInt32(entry[..famfs_log_entry.CrcCoveredLength]);

    /// <summary>The CRC stored in the entry's crc field.</summary>
    public static ulong StoredCrc(ReadOnlySpan<byte> entry) => MemoryMarshal.Read<ulong>(entry[CrcOffset..]);

    /// <summary>
    /// Whether slot <paramref name="index"/> holds a committed entry: its seqnum is its index and
    /// its CRC is right. Such an entry is part of the log wherever next_index stands (an append
    /// whose counter stores a crash or damage lost); the seqnum is compared first, so an empty
    /// slot costs one 8-byte read.
    /// </summary>
    public static bool IsCommitted(ReadOnlySpan<byte> entry, ulong index) => SeqnumIs(entry, index) && CrcIsRight(entry);

    /// <summary>Whether the entry's seqnum is <paramref name="index"/>, as a committed entry's in slot <paramref name="index"/> is.</summary>
    public static bool SeqnumIs(ReadOnlySpan<byte> entry, ulong index) => MemoryMarshal.Read<ulong>(entry) == index;

    /// <summary>Whether the entry's stored CRC is the one its bytes give.</summary>
    public static bool CrcIsRight(ReadOnlySpan<byte> entry) => StoredCrc(entry) == ComputeCrc(entry);

    public static LogEntry Decode(ReadOnlySpan<byte> bytes)
    {
        var raw = MemoryMarshal.Read<famfs_log_entry>(bytes[..FormatConstants.LogEntrySize]);
        var seqnum = raw.famfs_log_entry_seqnum;
        return (LogEntryType)raw.famfs_log_entry_type switch
        {
            LogEntryType.File => DecodeFile(seqnum, in raw.famfs_fm),
            LogEntryType.Mkdir => DecodeMkdir(seqnum, in raw.famfs_md),
            LogEntryType.AddDaxdev => new AddDaxdevEntry
            {
                Seqnum = seqnum,
                DeviceSize = raw.famfs_dd.dd_size,
                DeviceUuid = UuidBytes.Read(raw.famfs_dd.dd_uuid),
                DeviceIndex = raw.famfs_dd.dd_index,
            },
            _ => new OpaqueEntry(raw.famfs_log_entry_type) { Seqnum = seqnum },
        };
    }

    /// <summary>
    /// Writes <paramref name="entry"/> into 544 zeroed bytes of <paramref name="destination"/>, with its CRC,
    /// exactly as the reference writer does (padding and unused union bytes zero).
    /// </summary>
    public static void Encode(LogEntry entry, Span<byte> destination)
    {
        // Built in place (log slots are 8-byte aligned): no 544-byte copy from a local.
        var target = destination[..FormatConstants.LogEntrySize];
        target.Clear();
        ref var raw = ref MemoryMarshal.AsRef<famfs_log_entry>(target);
        raw.famfs_log_entry_seqnum = entry.Seqnum;
        raw.famfs_log_entry_type = entry.RawType;
        switch (entry)
        {
            case FileEntry file:
                EncodeFile(file, ref raw.famfs_fm);
                break;
            case MkdirEntry dir:
                raw.famfs_md.md_uid = dir.Uid;
                raw.famfs_md.md_gid = dir.Gid;
                raw.famfs_md.md_mode = dir.Mode;
                WritePath(dir.Path, raw.famfs_md.md_relpath);
                break;
            case AddDaxdevEntry dax:
                raw.famfs_dd.dd_size = dax.DeviceSize;
                UuidBytes.Write(dax.DeviceUuid, raw.famfs_dd.dd_uuid);
                raw.famfs_dd.dd_index = dax.DeviceIndex;
                break;
        }

        var crc = ComputeCrc(target);
        MemoryMarshal.Write(target[CrcOffset..], in crc);
    }

    private static FileEntry DecodeFile(ulong seqnum, in famfs_log_file_meta fm)
    {
        var path = CString.Read(fm.fm_relpath, out var terminated);
        var (map, mapDefect) = DecodeFmap(in fm.fm_fmap);
        return new FileEntry
        {
            Seqnum = seqnum,
            Path = path,
            Size = fm.fm_size,
            Flags = fm.fm_flags,
            Uid = fm.fm_uid,
            Gid = fm.fm_gid,
            Mode = fm.fm_mode,
            Map = map,
            Defect = terminated ? mapDefect : PathNotTerminated,
        };
    }

    private static MkdirEntry DecodeMkdir(ulong seqnum, in famfs_log_mkdir md)
    {
        var path = CString.Read(md.md_relpath, out var terminated);
        return new MkdirEntry
        {
            Seqnum = seqnum,
            Path = path,
            Uid = md.md_uid,
            Gid = md.md_gid,
            Mode = md.md_mode,
            Defect = terminated ? null : PathNotTerminated,
        };
    }

    internal const string PathNotTerminated = "path is not NUL-terminated within 80 bytes";

    private static (FileMap Map, string? Defect) DecodeFmap(in famfs_log_fmap fmap)
    {
        var defect = FmapDefect(in fmap);
        switch (fmap.fmap_ext_type)
        {
            case 0:
                return (new SimpleFileMap(ReadExtents(fmap.se, (int)Math.Min(fmap.fmap_nextents, FormatConstants.MaxSimpleExtents))), defect);
            case 1:
                var ie = fmap.ie;
                return (new InterleavedFileMap(ie.ie_nstrips, ie.ie_chunk_size, ReadExtents(ie.ie_strips, (int)Math.Min(ie.ie_nstrips, FormatConstants.MaxStrips))), defect);
            default:
                return (new SimpleFileMap([]), defect);
        }
    }

    /// <summary>
    /// Why a file map cannot be played, or null: it must be a list of at most 16 simple extents,
    /// or one interleaved extent of 1 to 16 strips with a chunk size.
    /// </summary>
    internal static string? FmapDefect(in famfs_log_fmap fmap) => fmap.fmap_ext_type switch
    {
        0 when fmap.fmap_nextents > FormatConstants.MaxSimpleExtents => $"simple extent count {fmap.fmap_nextents} is more than {FormatConstants.MaxSimpleExtents}",
        0 => null,
        1 when fmap.fmap_nextents != 1 => $"interleaved extent count {fmap.fmap_nextents} is not 1",
        1 when fmap.ie.ie_nstrips is 0 or > FormatConstants.MaxStrips => $"interleaved strip count {fmap.ie.ie_nstrips} is not between 1 and {FormatConstants.MaxStrips}",
        1 when fmap.ie.ie_chunk_size == 0 => "interleaved chunk size is 0",
        1 => null,
        _ => $"extent type {fmap.fmap_ext_type} is neither SIMPLE (0) nor INTERLEAVE (1)",
    };

    private static ImmutableArray<Extent> ReadExtents(ReadOnlySpan<famfs_simple_extent> raw, int count)
    {
        var extents = new Extent[count];
        CopyExtents(raw[..count], extents);
        return ImmutableCollectionsMarshal.AsImmutableArray(extents);
    }

    /// <summary>Copies raw extents into <paramref name="destination"/>, which holds at least as many.</summary>
    internal static void CopyExtents(ReadOnlySpan<famfs_simple_extent> raw, Span<Extent> destination)
    {
        for (var i = 0; i < raw.Length; i++)
        {
            destination[i] = new Extent(raw[i].se_devindex, raw[i].se_offset, raw[i].se_len);
        }
    }

    private static void EncodeFile(FileEntry file, ref famfs_log_file_meta fm)
    {
        fm.fm_size = file.Size;
        fm.fm_flags = file.Flags;
        fm.fm_uid = file.Uid;
        fm.fm_gid = file.Gid;
        fm.fm_mode = file.Mode;
        WritePath(file.Path, fm.fm_relpath);
        switch (file.Map)
        {
            case SimpleFileMap simple:
                RequireCount(simple.Extents.Length, FormatConstants.MaxSimpleExtents, "simple extents");
                fm.fm_fmap.fmap_ext_type = 0;
                fm.fm_fmap.fmap_nextents = (uint)simple.Extents.Length;
                WriteExtents(simple.Extents, fm.fm_fmap.se);
                break;
            case InterleavedFileMap interleaved:
                RequireCount(interleaved.Strips.Length, FormatConstants.MaxStrips, "interleaved strips");
                fm.fm_fmap.fmap_ext_type = 1;
                fm.fm_fmap.fmap_nextents = 1;
                fm.fm_fmap.ie.ie_nstrips = interleaved.StripCount;
                fm.fm_fmap.ie.ie_chunk_size = interleaved.ChunkSize;
                WriteExtents(interleaved.Strips, fm.fm_fmap.ie.ie_strips);
                break;
        }
    }

    private static void WriteExtents(ImmutableArray<Extent> extents, Span<famfs_simple_extent> destination)
    {
        for (var i = 0; i < extents.Length; i++)
        {
            destination[i] = new famfs_simple_extent
            {
                se_devindex = extents[i].DevIndex,
                se_offset = extents[i].Offset,
                se_len = extents[i].Length,
            };
        }
    }

    private static void RequireCount(int count, int max, string what)
    {
        if (count > max)
        {
            throw new FamfsException(Errno.EINVAL, $"a log entry holds at most {max} {what}, not {count}");
        }
    }

    private static void WritePath(string path, Span<byte> field)
    {
        if (!CString.TryWrite(path, field))
        {
            throw new FamfsException(Errno.ENAMETOOLONG,
                $"path '{path}' is longer than {FormatConstants.MaxPathBytes} bytes, the most a famfs log entry holds",
                "use a shorter path");
        }
    }
}
