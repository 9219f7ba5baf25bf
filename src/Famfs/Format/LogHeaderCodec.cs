using System.IO.Hashing;
using System.Runtime.InteropServices;
using Famfs.Format.Raw;

namespace Famfs.Format;

/// <summary>Reads and writes the log header.</summary>
internal static class LogHeaderCodec
{
    /// <summary>Byte offset of famfs_log_next_seqnum within the header; next_index follows it.</summary>
    public const int NextSeqnumOffset = 32;
    public const int NextIndexOffset = 40;

    public static LogHeader Decode(ReadOnlySpan<byte> bytes)
    {
        var raw = MemoryMarshal.Read<famfs_log_header>(bytes[..FormatConstants.LogHeaderSize]);
        return new LogHeader
        {
            Magic = raw.famfs_log_magic,
            Length = raw.famfs_log_len,
            LastIndex = raw.famfs_log_last_index,
            Crc = raw.famfs_log_crc,
            NextSeqnum = raw.famfs_log_next_seqnum,
            NextIndex = raw.famfs_log_next_index,
        };
    }

    /// <summary>Writes the whole header with a freshly computed CRC (the Crc property is ignored).</summary>
    public static void Encode(LogHeader header, Span<byte> destination)
    {
        var raw = new famfs_log_header
        {
            famfs_log_magic = header.Magic,
            famfs_log_len = header.Length,
            famfs_log_last_index = header.LastIndex,
            famfs_log_next_seqnum = header.NextSeqnum,
            famfs_log_next_index = header.NextIndex,
        };
        var target = destination[..FormatConstants.LogHeaderSize];
        MemoryMarshal.Write(target, in raw);
        var crc = ComputeCrc(target);
        MemoryMarshal.Write(target[24..32], in crc);
    }

    public static ulong ComputeCrc(ReadOnlySpan<byte> bytes) => Crc32.HashToUInt32(bytes[..famfs_log_header.CrcCoveredLength]);

    /// <summary>next_seqnum is one past next_index: a crash came between the two counter stores of an append.</summary>
    public static bool IsTornAppend(LogHeader header) => IsTornAppend(header.NextSeqnum, header.NextIndex);

    /// <inheritdoc cref="IsTornAppend(LogHeader)"/>
    public static bool IsTornAppend(ulong nextSeqnum, ulong nextIndex) => nextSeqnum == nextIndex + 1;

    /// <summary>The structural problems of a log header read from a log of <paramref name="logLength"/> bytes.</summary>
    public static IReadOnlyList<string> Validate(LogHeader header, ReadOnlySpan<byte> bytes, ulong logLength)
    {
        if (header.Magic != FormatConstants.LogMagic)
        {
            return [$"log header magic is 0x{header.Magic:x}, not 0x{FormatConstants.LogMagic:x}: the log is corrupt or was never written"];
        }

        var problems = new List<string>();
        var crc = ComputeCrc(bytes);
        if (header.Crc != crc)
        {
            problems.Add($"log header CRC is 0x{header.Crc:x8}, the bytes give 0x{crc:x8}: the log header is corrupt");
        }

        if (header.Length != logLength)
        {
            problems.Add($"log header length is {header.Length}, the superblock says {logLength}");
        }

        var lastIndex = FormatConstants.LastIndexFor(logLength);
        if (header.LastIndex != lastIndex)
        {
            problems.Add($"log header last index is {header.LastIndex}, a {logLength}-byte log has last index {lastIndex}");
        }

        if (header.NextIndex > lastIndex + 1)
        {
            problems.Add($"log header next index {header.NextIndex} is past the end of the log (last index {lastIndex})");
        }

        // One ahead is an append torn between its two header stores (seqnum is written first):
        // the entry it announces was never indexed. The next append repairs it; fsck warns.
        if (header.NextSeqnum != header.NextIndex && !IsTornAppend(header))
        {
            problems.Add($"log header next seqnum {header.NextSeqnum} differs from next index {header.NextIndex}");
        }

        return problems;
    }
}
