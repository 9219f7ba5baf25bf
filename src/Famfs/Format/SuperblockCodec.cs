using System.IO.Hashing;
using System.Runtime.InteropServices;
using Famfs.Format.Raw;

namespace Famfs.Format;

/// <summary>Reads and writes the 200-byte superblock; computes and checks its CRC.</summary>
internal static class SuperblockCodec
{
    public static Superblock Decode(ReadOnlySpan<byte> bytes)
    {
        var raw = MemoryMarshal.Read<famfs_superblock>(bytes[..FormatConstants.SuperblockSize]);
        return new Superblock
        {
            Magic = raw.ts_magic,
            Version = raw.ts_version,
            LogOffset = (long)raw.ts_log_offset,
            LogLength = (long)raw.ts_log_len,
            AllocationUnit = (long)raw.ts_alloc_unit,
            OmfMajor = raw.ts_omf_ver_major,
            OmfMinor = raw.ts_omf_ver_minor,
            FsUuid = UuidBytes.Read(raw.ts_uuid),
            DeviceUuid = UuidBytes.Read(raw.ts_dev_uuid),
            SystemUuid = UuidBytes.Read(raw.ts_system_uuid),
            Crc = raw.ts_crc,
            Flags = raw.ts_sb_flags,
            DeviceSize = (long)raw.ts_daxdev.dd_size,
            DaxdevUuid = UuidBytes.Read(raw.ts_daxdev.dd_uuid),
            DaxdevPath = CString.Read(raw.ts_daxdev.dd_daxdev, out _),
        };
    }

    /// <summary>
    /// Writes <paramref name="superblock"/> into the first 200 bytes of <paramref name="destination"/>
    /// with a freshly computed CRC (the Crc property is ignored). The device path is truncated to
    /// 63 bytes as strncpy into the 64-byte field would.
    /// </summary>
    public static void Encode(Superblock superblock, Span<byte> destination)
    {
        var raw = default(famfs_superblock);
        raw.ts_magic = superblock.Magic;
        raw.ts_version = superblock.Version;
        raw.ts_log_offset = (ulong)superblock.LogOffset;
        raw.ts_log_len = superblock.LogBytes;
        raw.ts_alloc_unit = superblock.UnitBytes;
        raw.ts_omf_ver_major = superblock.OmfMajor;
        raw.ts_omf_ver_minor = superblock.OmfMinor;
        UuidBytes.Write(superblock.FsUuid, raw.ts_uuid);
        UuidBytes.Write(superblock.DeviceUuid, raw.ts_dev_uuid);
        UuidBytes.Write(superblock.SystemUuid, raw.ts_system_uuid);
        raw.ts_sb_flags = superblock.Flags;
        raw.ts_daxdev.dd_size = superblock.DeviceBytes;
        UuidBytes.Write(superblock.DaxdevUuid, raw.ts_daxdev.dd_uuid);
        WriteTruncated(superblock.DaxdevPath, raw.ts_daxdev.dd_daxdev);

        var target = destination[..FormatConstants.SuperblockSize];
        MemoryMarshal.Write(target, in raw);
        var crc = ComputeCrc(target);
        MemoryMarshal.Write(target[96..104], in crc);
    }

    /// <summary>The CRC of the covered bytes [0, 96) of an encoded superblock.</summary>
    public static ulong ComputeCrc(ReadOnlySpan<byte> bytes) => Crc32.HashToUInt32(bytes[..famfs_superblock.CrcCoveredLength]);

    /// <summary>The structural problems of a superblock, empty when it is valid.</summary>
    public static IReadOnlyList<string> Validate(Superblock sb, ReadOnlySpan<byte> bytes)
    {
        if (sb.Magic != FormatConstants.SuperblockMagic)
        {
            return [$"superblock magic is 0x{sb.Magic:x}, not 0x{FormatConstants.SuperblockMagic:x}: no famfs file system on this device"];
        }

        var problems = new List<string>();
        if (sb.Version != FormatConstants.SuperblockVersion)
        {
            problems.Add($"superblock version is {sb.Version}, this tool reads version {FormatConstants.SuperblockVersion}: possibly valid, wrong version");
        }

        var crc = ComputeCrc(bytes);
        if (sb.Crc != crc)
        {
            problems.Add($"superblock CRC is 0x{sb.Crc:x8}, the bytes give 0x{crc:x8}: the superblock is corrupt");
        }

        if (sb.OmfMajor != FormatConstants.OmfMajor || sb.OmfMinor != FormatConstants.OmfMinor)
        {
            problems.Add($"superblock on-media format version is {sb.OmfMajor}.{sb.OmfMinor}, this tool reads {FormatConstants.OmfMajor}.{FormatConstants.OmfMinor}");
        }

        if (sb.LogOffset != (long)FormatConstants.LogOffset)
        {
            problems.Add($"superblock log offset is 0x{sb.LogOffset:x}, must be 0x{FormatConstants.LogOffset:x}");
        }

        if (sb.LogLength < (long)FormatConstants.MinLogLength || !long.IsPow2(sb.LogLength))
        {
            problems.Add($"superblock log length is {sb.LogLength}, must be a power of 2 of at least {FormatConstants.MinLogLength}");
        }

        if (sb.AllocationUnit is not ((long)FormatConstants.AllocationUnit or (long)FormatConstants.SmallAllocationUnit))
        {
            problems.Add($"superblock allocation unit is {sb.AllocationUnit}, must be {FormatConstants.AllocationUnit} or {FormatConstants.SmallAllocationUnit}");
        }

        return problems;
    }

    private static void WriteTruncated(string text, Span<byte> field)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        bytes.AsSpan(0, Math.Min(bytes.Length, field.Length - 1)).CopyTo(field);
    }
}
