using System.Runtime.InteropServices;

namespace Famfs.Format.Raw;

/// <summary>struct famfs_log header: 48 bytes at the start of the log; entries follow.</summary>
[StructLayout(LayoutKind.Explicit, Size = 48)]
internal struct famfs_log_header
{
    [FieldOffset(0)] public ulong famfs_log_magic;
    [FieldOffset(8)] public ulong famfs_log_len;
    [FieldOffset(16)] public ulong famfs_log_last_index;
    [FieldOffset(24)] public ulong famfs_log_crc;
    [FieldOffset(32)] public ulong famfs_log_next_seqnum;
    [FieldOffset(40)] public ulong famfs_log_next_index;

    /// <summary>The header CRC covers magic, len and last_index only: mkfs writes it once.</summary>
    public const int CrcCoveredLength = 24;
}

/// <summary>struct famfs_simple_extent (24 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
internal struct famfs_simple_extent
{
    [FieldOffset(0)] public ulong se_devindex;
    [FieldOffset(8)] public ulong se_offset;
    [FieldOffset(16)] public ulong se_len;
}

/// <summary>struct famfs_interleaved_ext (400 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 400)]
internal struct famfs_interleaved_ext
{
    [FieldOffset(0)] public ulong ie_nstrips;
    [FieldOffset(8)] public ulong ie_chunk_size;
    [FieldOffset(16)] public SimpleExtents16 ie_strips;
}

/// <summary>struct famfs_log_fmap (416 bytes): a simple extent list or one interleaved extent.</summary>
[StructLayout(LayoutKind.Explicit, Size = 416)]
internal struct famfs_log_fmap
{
    [FieldOffset(0)] public uint fmap_ext_type;
    [FieldOffset(8)] public uint fmap_nextents; // union with fmap_niext
    [FieldOffset(16)] public SimpleExtents16 se; // union with ie[1]
    [FieldOffset(16)] public famfs_interleaved_ext ie;
}

/// <summary>struct famfs_log_file_meta: the body of a FILE entry.</summary>
[StructLayout(LayoutKind.Explicit, Size = 520)]
internal struct famfs_log_file_meta
{
    [FieldOffset(0)] public ulong fm_size;
    [FieldOffset(8)] public uint fm_flags;
    [FieldOffset(12)] public uint fm_uid;
    [FieldOffset(16)] public uint fm_gid;
    [FieldOffset(20)] public uint fm_mode;
    [FieldOffset(24)] public Bytes80 fm_relpath;
    [FieldOffset(104)] public famfs_log_fmap fm_fmap;
}

/// <summary>struct famfs_log_mkdir: the body of a MKDIR entry.</summary>
[StructLayout(LayoutKind.Explicit, Size = 92)]
internal struct famfs_log_mkdir
{
    [FieldOffset(0)] public uint md_uid;
    [FieldOffset(4)] public uint md_gid;
    [FieldOffset(8)] public uint md_mode;
    [FieldOffset(12)] public Bytes80 md_relpath;
}

/// <summary>struct famfs_log_daxdev: the body of an ADD_DAXDEV entry.</summary>
[StructLayout(LayoutKind.Explicit, Size = 32)]
internal struct famfs_log_daxdev
{
    [FieldOffset(0)] public ulong dd_size;
    [FieldOffset(8)] public Bytes16 dd_uuid;
    [FieldOffset(24)] public uint dd_index;
}

/// <summary>struct famfs_log_entry (544 bytes). The body is a union selected by famfs_log_entry_type.</summary>
[StructLayout(LayoutKind.Explicit, Size = 544)]
internal struct famfs_log_entry
{
    [FieldOffset(0)] public ulong famfs_log_entry_seqnum;
    [FieldOffset(8)] public uint famfs_log_entry_type;
    [FieldOffset(16)] public famfs_log_file_meta famfs_fm;
    [FieldOffset(16)] public famfs_log_mkdir famfs_md;
    [FieldOffset(16)] public famfs_log_daxdev famfs_dd;
    [FieldOffset(536)] public ulong famfs_log_entry_crc;

    /// <summary>The entry CRC covers everything before the crc field, padding included.</summary>
    public const int CrcCoveredLength = 536;
}

