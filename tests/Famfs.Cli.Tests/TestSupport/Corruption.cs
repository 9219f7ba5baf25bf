using System.Buffers.Binary;
using Famfs.Format;

namespace Famfs.Cli.Tests.TestSupport;

/// <summary>Damages a device file field by field (pwrite), optionally re-sealing the CRC so only the field is wrong.</summary>
internal static class Corruption
{
    public const long LogOffset = (long)FormatConstants.LogOffset;

    public static void WriteU64(TempDevice device, long offset, ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        device.WriteAt(offset, bytes);
    }

    public static void WriteU32(TempDevice device, long offset, uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        device.WriteAt(offset, bytes);
    }

    public static void XorByte(TempDevice device, long offset, byte mask) =>
        device.WriteAt(offset, [(byte)(device.ReadAt(offset, 1)[0] ^ mask)]);

    /// <summary>Recomputes the superblock CRC over [0, 96) so the damage is not a CRC mismatch.</summary>
    public static void ResealSuperblock(TempDevice device) =>
        WriteU64(device, 96, SuperblockCodec.ComputeCrc(device.ReadAt(0, FormatConstants.SuperblockSize)));

    /// <summary>Recomputes the log header CRC over its first 24 bytes.</summary>
    public static void ResealLogHeader(TempDevice device) =>
        WriteU64(device, LogOffset + 24, LogHeaderCodec.ComputeCrc(device.ReadAt(LogOffset, FormatConstants.LogHeaderSize)));
}
