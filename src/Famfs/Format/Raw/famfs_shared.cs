using System.Runtime.InteropServices;

namespace Famfs.Format.Raw;

// The shared host area (docs/SHARED-STATE.md): famfs.net's own layout inside ordinary famfs
// files under .famfs/, not the reference's. Every struct is one or more whole 64-byte cache
// lines (the poison record is half of one, and only its slot's host writes its segment).

/// <summary>The common header at byte 0 of every file of the area (64 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
internal struct shared_area_header
{
    [FieldOffset(0)] public uint sa_magic;
    [FieldOffset(4)] public ushort sa_version;
    [FieldOffset(6)] public ushort sa_kind;
    [FieldOffset(8)] public uint sa_record_size;
    [FieldOffset(12)] public uint sa_record_count;
    [FieldOffset(16)] public Bytes16 sa_fs_uuid;
    [FieldOffset(60)] public uint sa_crc;

    public const int CrcCoveredLength = 60;
}

/// <summary>Line A of a host slot: the identity, rewritten only when the host registers (64 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
internal struct shared_host_identity
{
    [FieldOffset(0)] public uint hi_magic;
    [FieldOffset(4)] public byte hi_role;
    [FieldOffset(8)] public Bytes16 hi_system_uuid;
    [FieldOffset(24)] public ulong hi_incarnation;
    [FieldOffset(32)] public uint hi_pid;
    [FieldOffset(36)] public uint hi_heartbeat_interval_ms;
    [FieldOffset(40)] public ulong hi_registered_unix_ms;
    [FieldOffset(60)] public uint hi_crc;

    public const int CrcCoveredLength = 60;
}

/// <summary>Line B of a host slot: progress, each field one aligned 64-bit store, no CRC (64 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
internal struct shared_host_progress
{
    [FieldOffset(0)] public ulong hp_heartbeat_unix_ms;
    [FieldOffset(8)] public ulong hp_played;
    [FieldOffset(16)] public ulong hp_write_sequence;
    [FieldOffset(24)] public ulong hp_poison_count;
    [FieldOffset(56)] public ulong hp_reserved;
}

/// <summary>
/// One entry of a slot's change ring (8 bytes, stored and loaded as one aligned 64-bit word so a
/// reader never pairs one bump's tag with another's index).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 8)]
internal struct shared_change_entry
{
    [FieldOffset(0)] public uint ce_log_index;
    [FieldOffset(4)] public uint ce_sequence_tag;
}

/// <summary>One poison record of a slot's segment (32 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 32)]
internal struct shared_poison_record
{
    [FieldOffset(0)] public ulong pr_offset;
    [FieldOffset(8)] public ulong pr_length;
    [FieldOffset(16)] public ulong pr_time_unix_ms;
    [FieldOffset(24)] public uint pr_kind;
    [FieldOffset(28)] public uint pr_crc;

    public const int CrcCoveredLength = 28;
}
