using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Famfs.Format.Raw;

namespace Famfs.Format;

/// <summary>The header every file of the shared host area starts with.</summary>
internal sealed record SharedAreaHeader(SharedAreaKind Kind, uint RecordSize, uint RecordCount, Guid FsUuid)
{
    public uint Magic { get; init; } = SharedAreaLayout.Magic;

    public ushort Version { get; init; } = SharedAreaLayout.Version;
}

/// <summary>The role a host registered with.</summary>
internal enum SharedHostRole : byte
{
    Master = 1,
    Client = 2,
}

/// <summary>Line A of a host slot: who holds it.</summary>
internal sealed record HostIdentity(SharedHostRole Role, Guid SystemUuid, ulong Incarnation, uint Pid, uint HeartbeatIntervalMs, ulong RegisteredUnixMs);

/// <summary>What line A of a slot holds.</summary>
internal enum HostLineState
{
    /// <summary>All zero magic: the slot was never used.</summary>
    Unused,

    /// <summary>Magic and CRC agree: <see cref="HostIdentity"/> is the holder.</summary>
    Valid,

    /// <summary>Not zero, yet not a valid line: being written by its host right now, or damaged. Either way not free.</summary>
    Unreadable,
}

/// <summary>Line B of a host slot.</summary>
internal readonly record struct HostProgress(ulong HeartbeatUnixMs, ulong Played, ulong WriteSequence, ulong PoisonCount);

internal enum SharedPoisonKind : uint
{
    Failure = 1,
    Cleared = 2,
}

/// <summary>One record of a slot's poison segment: a failure reported, or (master only) a range cleared.</summary>
internal readonly record struct SharedPoisonRecord(ulong Offset, ulong Length, ulong TimeUnixMs, SharedPoisonKind Kind);

/// <summary>
/// Reads and writes the byte layout of the shared host area (docs/SHARED-STATE.md). Pure: bytes
/// in, records out. CRCs are CRC-32 (ISO-HDLC) as the log's, over the bytes before the CRC field.
/// </summary>
internal static class SharedAreaCodec
{
    public static void EncodeHeader(SharedAreaHeader header, Span<byte> destination)
    {
        var raw = new shared_area_header
        {
            sa_magic = header.Magic,
            sa_version = header.Version,
            sa_kind = (ushort)header.Kind,
            sa_record_size = header.RecordSize,
            sa_record_count = header.RecordCount,
        };
        UuidBytes.Write(header.FsUuid, raw.sa_fs_uuid);
        raw.sa_crc = Crc(raw, shared_area_header.CrcCoveredLength);
        MemoryMarshal.Write(destination[..SharedAreaLayout.HeaderSize], in raw);
    }

    public static SharedAreaHeader DecodeHeader(ReadOnlySpan<byte> bytes)
    {
        var raw = MemoryMarshal.Read<shared_area_header>(bytes[..SharedAreaLayout.HeaderSize]);
        return new SharedAreaHeader((SharedAreaKind)raw.sa_kind, raw.sa_record_size, raw.sa_record_count, UuidBytes.Read(raw.sa_fs_uuid))
        {
            Magic = raw.sa_magic,
            Version = raw.sa_version,
        };
    }

    /// <summary>Why <paramref name="bytes"/> is not the header <paramref name="expected"/> describes, or null when it is.</summary>
    public static string? ValidateHeader(ReadOnlySpan<byte> bytes, SharedAreaHeader expected)
    {
        var header = DecodeHeader(bytes);
        if (header.Magic != SharedAreaLayout.Magic)
        {
            return $"header magic is 0x{header.Magic:x8}, not 0x{SharedAreaLayout.Magic:x8}";
        }

        var crc = MemoryMarshal.Read<uint>(bytes[shared_area_header.CrcCoveredLength..]);
        var computed = Crc32.HashToUInt32(bytes[..shared_area_header.CrcCoveredLength]);
        if (crc != computed)
        {
            return $"header CRC is 0x{crc:x8}, the bytes give 0x{computed:x8}";
        }

        return header == expected ? null
            : header.FsUuid != expected.FsUuid ? $"header belongs to file system {header.FsUuid}, not {expected.FsUuid}"
            : $"header says version {header.Version}, kind {header.Kind}, {header.RecordCount} records of {header.RecordSize} bytes; expected version {expected.Version}, kind {expected.Kind}, {expected.RecordCount} of {expected.RecordSize}";
    }

    public static void EncodeIdentity(HostIdentity identity, Span<byte> line)
    {
        var raw = new shared_host_identity
        {
            hi_magic = SharedAreaLayout.HostMagic,
            hi_role = (byte)identity.Role,
            hi_incarnation = identity.Incarnation,
            hi_pid = identity.Pid,
            hi_heartbeat_interval_ms = identity.HeartbeatIntervalMs,
            hi_registered_unix_ms = identity.RegisteredUnixMs,
        };
        UuidBytes.Write(identity.SystemUuid, raw.hi_system_uuid);
        raw.hi_crc = Crc(raw, shared_host_identity.CrcCoveredLength);
        MemoryMarshal.Write(line[..SharedAreaLayout.LineSize], in raw);
    }

    /// <summary>Line A of a slot: unused, a valid identity, or unreadable (torn or damaged).</summary>
    public static (HostLineState State, HostIdentity? Identity) DecodeIdentity(ReadOnlySpan<byte> line)
    {
        var raw = MemoryMarshal.Read<shared_host_identity>(line[..SharedAreaLayout.LineSize]);
        if (raw.hi_magic == 0)
        {
            return (HostLineState.Unused, null);
        }

        if (raw.hi_magic != SharedAreaLayout.HostMagic || raw.hi_crc != Crc32.HashToUInt32(line[..shared_host_identity.CrcCoveredLength])
            || raw.hi_role is not ((byte)SharedHostRole.Master or (byte)SharedHostRole.Client))
        {
            return (HostLineState.Unreadable, null);
        }

        return (HostLineState.Valid, new HostIdentity((SharedHostRole)raw.hi_role, UuidBytes.Read(raw.hi_system_uuid), raw.hi_incarnation,
            raw.hi_pid, raw.hi_heartbeat_interval_ms, raw.hi_registered_unix_ms));
    }

    public static HostProgress DecodeProgress(ReadOnlySpan<byte> line)
    {
        var raw = MemoryMarshal.Read<shared_host_progress>(line[..SharedAreaLayout.LineSize]);
        return new HostProgress(raw.hp_heartbeat_unix_ms, raw.hp_played, raw.hp_write_sequence, raw.hp_poison_count);
    }

    /// <summary>
    /// The change-ring entry for the bump that took write sequence <paramref name="sequence"/> on
    /// the file of log entry <paramref name="logIndex"/>: the index, and the sequence's low 32 bits as tag.
    /// </summary>
    public static ulong EncodeChange(ulong sequence, ulong logIndex) => Unsafe.BitCast<shared_change_entry, ulong>(new shared_change_entry
    {
        ce_log_index = checked((uint)logIndex),
        ce_sequence_tag = (uint)sequence,
    });

    /// <summary>
    /// The log index an entry names when it was written for the bump with write sequence
    /// <paramref name="sequence"/>; null when its tag is another bump's (overwritten, or not
    /// written yet) or the entry is all zero (never written): the reader cannot tell what changed.
    /// </summary>
    public static ulong? DecodeChange(ulong entry, ulong sequence)
    {
        var raw = Unsafe.BitCast<ulong, shared_change_entry>(entry);
        return entry != 0 && raw.ce_sequence_tag == (uint)sequence ? raw.ce_log_index : null;
    }

    public static void EncodePoison(SharedPoisonRecord record, Span<byte> destination)
    {
        var raw = new shared_poison_record
        {
            pr_offset = record.Offset,
            pr_length = record.Length,
            pr_time_unix_ms = record.TimeUnixMs,
            pr_kind = (uint)record.Kind,
        };
        raw.pr_crc = Crc(raw, shared_poison_record.CrcCoveredLength);
        MemoryMarshal.Write(destination[..SharedAreaLayout.PoisonRecordSize], in raw);
    }

    /// <summary>A poison record, or null when its CRC or kind is wrong (damaged: ignored, and reported by check).</summary>
    public static SharedPoisonRecord? DecodePoison(ReadOnlySpan<byte> bytes)
    {
        var raw = MemoryMarshal.Read<shared_poison_record>(bytes[..SharedAreaLayout.PoisonRecordSize]);
        var valid = raw.pr_crc == Crc32.HashToUInt32(bytes[..shared_poison_record.CrcCoveredLength])
            && Enum.IsDefined((SharedPoisonKind)raw.pr_kind) && raw.pr_length > 0 && raw.pr_offset + raw.pr_length > raw.pr_offset;
        return valid ? new SharedPoisonRecord(raw.pr_offset, raw.pr_length, raw.pr_time_unix_ms, (SharedPoisonKind)raw.pr_kind) : null;
    }

    private static uint Crc<T>(T raw, int covered) where T : unmanaged =>
        Crc32.HashToUInt32(MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in raw))[..covered]);
}
