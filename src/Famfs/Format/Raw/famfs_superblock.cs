using System.Runtime.InteropServices;

namespace Famfs.Format.Raw;

/// <summary>struct famfs_daxdev, embedded in the superblock at offset 112.</summary>
[StructLayout(LayoutKind.Explicit, Size = 88)]
internal struct famfs_daxdev
{
    [FieldOffset(0)] public ulong dd_size;
    [FieldOffset(8)] public Bytes16 dd_uuid;
    [FieldOffset(24)] public Bytes64 dd_daxdev;
}

/// <summary>struct famfs_superblock: 200 bytes at device offset 0.</summary>
[StructLayout(LayoutKind.Explicit, Size = 200)]
internal struct famfs_superblock
{
    [FieldOffset(0)] public ulong ts_magic;
    [FieldOffset(8)] public ulong ts_version;
    [FieldOffset(16)] public ulong ts_log_offset;
    [FieldOffset(24)] public ulong ts_log_len;
    [FieldOffset(32)] public ulong ts_alloc_unit;
    [FieldOffset(40)] public uint ts_omf_ver_major;
    [FieldOffset(44)] public uint ts_omf_ver_minor;
    [FieldOffset(48)] public Bytes16 ts_uuid;
    [FieldOffset(64)] public Bytes16 ts_dev_uuid;
    [FieldOffset(80)] public Bytes16 ts_system_uuid;
    [FieldOffset(96)] public ulong ts_crc;
    [FieldOffset(104)] public uint ts_sb_flags;
    [FieldOffset(112)] public famfs_daxdev ts_daxdev;

    /// <summary>The CRC covers magic through ts_system_uuid.</summary>
    public const int CrcCoveredLength = 96;
}

