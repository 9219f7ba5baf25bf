using CsCheck;
using Famfs.Format;

namespace Famfs.Tests.Format;

/// <summary>
/// The codecs over generated records (CsCheck, which shrinks a failure to a small case): what is
/// encoded decodes to the same record, the stored CRC is the CRC-32 of exactly the covered bytes
/// (superblock [0, 96), log header [0, 24), entry [0, 536)), and a change to any covered bit is
/// caught while a change outside the coverage is not — the on-media rule, not an accident.
/// </summary>
public sealed class CodecPropertyTests
{
    private const int SuperblockCovered = 96;
    private const int HeaderCovered = 24;
    private const int EntryCovered = 536;

    private static readonly Gen<string> DevicePaths = Gen.String[Gen.Char["/abcdefxyz0123456789._-"], 0, 63];

    /// <summary>Relative paths of up to 79 UTF-8 bytes, with multi-byte characters.</summary>
    private static readonly Gen<string> Paths = Gen.String[Gen.Char["abcxyz/._- éü€"], 1, 26];

    private static readonly Gen<Extent> Extents = Gen.Select(Gen.ULong, Gen.ULong, Gen.ULong, (d, o, l) => new Extent(d, o, l));

    private static readonly Gen<Superblock> Superblocks = Gen.Select(
        Gen.Select(Gen.ULong, Gen.ULong, Gen.ULong, Gen.ULong, Gen.ULong, Gen.UInt, Gen.UInt),
        Gen.Select(Gen.Guid, Gen.Guid, Gen.Guid, Gen.UInt, Gen.ULong, Gen.Guid, DevicePaths),
        (a, b) => new Superblock
        {
            Magic = a.Item1,
            Version = a.Item2,
            LogOffset = (long)a.Item3,
            LogLength = (long)a.Item4,
            AllocationUnit = (long)a.Item5,
            OmfMajor = a.Item6,
            OmfMinor = a.Item7,
            FsUuid = b.Item1,
            DeviceUuid = b.Item2,
            SystemUuid = b.Item3,
            Flags = b.Item4,
            DeviceSize = (long)b.Item5,
            DaxdevUuid = b.Item6,
            DaxdevPath = b.Item7,
        });

    private static readonly Gen<LogHeader> Headers = Gen.Select(Gen.ULong, Gen.ULong, Gen.ULong, Gen.ULong, Gen.ULong,
        (magic, length, last, seqnum, index) => new LogHeader { Magic = magic, Length = length, LastIndex = last, NextSeqnum = seqnum, NextIndex = index });

    private static readonly Gen<FileMap> FileMaps = Gen.OneOf<FileMap>(
        Extents.Array[0, FormatConstants.MaxSimpleExtents].Select(e => (FileMap)new SimpleFileMap([.. e])),
        Gen.Select(Extents.Array[1, FormatConstants.MaxStrips], Gen.ULong[1, ulong.MaxValue],
            (strips, chunk) => (FileMap)new InterleavedFileMap((ulong)strips.Length, chunk, [.. strips])));

    private static readonly Gen<LogEntry> Entries = Gen.OneOf<LogEntry>(
        Gen.Select(Paths, Gen.ULong, Gen.UInt, Gen.UInt, Gen.UInt, Gen.UInt, FileMaps, Gen.ULong,
            (path, size, flags, uid, gid, mode, map, seqnum) => (LogEntry)new FileEntry
            {
                Seqnum = seqnum, Path = path, Size = size, Flags = flags, Uid = uid, Gid = gid, Mode = mode, Map = map,
            }),
        Gen.Select(Paths, Gen.UInt, Gen.UInt, Gen.UInt, Gen.ULong,
            (path, uid, gid, mode, seqnum) => (LogEntry)new MkdirEntry { Seqnum = seqnum, Path = path, Uid = uid, Gid = gid, Mode = mode }),
        Gen.Select(Gen.ULong, Gen.Guid, Gen.UInt, Gen.ULong,
            (size, uuid, index, seqnum) => (LogEntry)new AddDaxdevEntry { Seqnum = seqnum, DeviceSize = size, DeviceUuid = uuid, DeviceIndex = index }),
        Gen.Select(Gen.UInt[4, uint.MaxValue], Gen.ULong, (type, seqnum) => (LogEntry)new OpaqueEntry(type) { Seqnum = seqnum }));

    [Fact]
    public void Every_superblock_decodes_as_encoded_with_the_crc_of_its_covered_bytes()
    {
        Superblocks.Sample(sb =>
        {
            var bytes = new byte[FormatConstants.SuperblockSize];
            SuperblockCodec.Encode(sb, bytes);
            var decoded = SuperblockCodec.Decode(bytes);
            Assert.Equal(sb with { Crc = ReferenceCrc32.Compute(bytes.AsSpan(0, SuperblockCovered)) }, decoded);
            Assert.Equal(decoded.Crc, SuperblockCodec.ComputeCrc(bytes));
        });
    }

    [Fact]
    public void A_superblock_crc_changes_with_every_covered_bit_and_with_no_other() =>
        AssertCoverage(Superblocks, FormatConstants.SuperblockSize, SuperblockCovered, SuperblockCodec.Encode, b => SuperblockCodec.ComputeCrc(b));

    [Fact]
    public void Every_log_header_decodes_as_encoded_with_the_crc_of_its_covered_bytes()
    {
        Headers.Sample(header =>
        {
            var bytes = new byte[FormatConstants.LogHeaderSize];
            LogHeaderCodec.Encode(header, bytes);
            var decoded = LogHeaderCodec.Decode(bytes);
            Assert.Equal(header with { Crc = ReferenceCrc32.Compute(bytes.AsSpan(0, HeaderCovered)) }, decoded);
        });
    }

    /// <summary>The counters an append advances lie outside the header CRC: bumping them needs no CRC update.</summary>
    [Fact]
    public void A_log_header_crc_changes_with_every_covered_bit_and_not_with_the_append_counters() =>
        AssertCoverage(Headers, FormatConstants.LogHeaderSize, HeaderCovered, LogHeaderCodec.Encode, b => LogHeaderCodec.ComputeCrc(b));

    [Fact]
    public void Every_log_entry_decodes_as_encoded_and_is_committed_at_its_seqnum()
    {
        Entries.Sample(entry =>
        {
            var bytes = new byte[FormatConstants.LogEntrySize];
            LogEntryCodec.Encode(entry, bytes);
            var decoded = LogEntryCodec.Decode(bytes);
            AssertSameEntry(entry, decoded);
            Assert.Equal(ReferenceCrc32.Compute(bytes.AsSpan(0, EntryCovered)), LogEntryCodec.StoredCrc(bytes));
            Assert.True(LogEntryCodec.IsCommitted(bytes, entry.Seqnum));

            var again = new byte[FormatConstants.LogEntrySize];
            LogEntryCodec.Encode(decoded, again);
            Assert.Equal(bytes, again);
        });
    }

    /// <summary>Every byte of an entry but its CRC field is covered: no flipped bit passes as committed.</summary>
    [Fact]
    public void A_log_entry_with_any_bit_flipped_is_not_committed()
    {
        Gen.Select(Entries, Gen.Int[0, (FormatConstants.LogEntrySize * 8) - 1]).Sample((entry, bit) =>
        {
            var bytes = new byte[FormatConstants.LogEntrySize];
            LogEntryCodec.Encode(entry, bytes);
            bytes[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(LogEntryCodec.IsCommitted(bytes, entry.Seqnum));
        });
    }

    /// <summary>Flipping one bit of an encoded record changes its CRC exactly when the bit is among the first <paramref name="covered"/> bytes.</summary>
    private static void AssertCoverage<T>(Gen<T> records, int size, int covered, Action<T, Span<byte>> encode, Func<byte[], ulong> crc) =>
        Gen.Select(records, Gen.Int[0, (size * 8) - 1]).Sample((record, bit) =>
        {
            var bytes = new byte[size];
            encode(record, bytes);
            var before = crc(bytes);
            bytes[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.Equal(bit < covered * 8, crc(bytes) != before);
        });

    private static void AssertSameEntry(LogEntry expected, LogEntry actual)
    {
        Assert.Equal(expected.GetType(), actual.GetType());
        Assert.Null(actual.Defect);
        if (expected is not FileEntry file)
        {
            Assert.Equal(expected, actual);
            return;
        }

        // Maps hold ImmutableArrays, which compare by reference: their extents are compared one by one.
        var got = (FileEntry)actual;
        Assert.Equal(file with { Map = got.Map }, got);
        Assert.Equal(file.Map.GetType(), got.Map.GetType());
        Assert.Equal(file.Map.DeviceExtents, got.Map.DeviceExtents);
        if (file.Map is InterleavedFileMap interleaved)
        {
            var gotInterleaved = (InterleavedFileMap)got.Map;
            Assert.Equal(interleaved.StripCount, gotInterleaved.StripCount);
            Assert.Equal(interleaved.ChunkSize, gotInterleaved.ChunkSize);
        }
    }
}
