using System.Buffers.Binary;
using Famfs.Errors;
using Famfs.Format;
using Famfs.Tests.TestSupport;

namespace Famfs.Tests.Format;

public class LogEntryCodecTests
{
    private static readonly FileEntry SimpleFile = new()
    {
        Seqnum = 12,
        Path = "a/b/two_mib_plus_1",
        Size = 2097153,
        Flags = FormatConstants.FlagAllHostsReadWrite,
        Uid = 1000,
        Gid = 100,
        Mode = 0x1A4,
        Map = new SimpleFileMap([new Extent(0, 27262976, 2097152), new Extent(0, 31457280, 2097152)]),
    };

    private static readonly FileEntry InterleavedFile = SimpleFile with
    {
        Path = "stripes/i100m",
        Map = new InterleavedFileMap(4, 2097152,
            [new Extent(0, 12884901888, 27262976), new Extent(0, 15032385536, 27262976), new Extent(0, 2147483648, 27262976), new Extent(0, 4294967296, 27262976)]),
    };

    private static readonly MkdirEntry Directory = new() { Seqnum = 3, Path = "a/b/c/d", Uid = 65534, Gid = 65534, Mode = 0x1ED };

    private static readonly AddDaxdevEntry Daxdev = new()
    {
        Seqnum = 2, DeviceSize = 8UL << 30, DeviceUuid = Guid.Parse("8a91a0a8-8224-47b1-bb43-7e9feba2fcb2"), DeviceIndex = 1,
    };

    public static TheoryData<string> EntryNames => ["simple", "interleaved", "mkdir", "daxdev", "delete", "unknown"];

    [Theory]
    [MemberData(nameof(EntryNames))]
    public void Encode_then_decode_gives_the_same_entry(string name)
    {
        var entry = Sample(name);
        var bytes = Encode(entry);
        Assert.Equal(EntryText.Of(entry), EntryText.Of(LogEntryCodec.Decode(bytes)));
    }

    [Theory]
    [MemberData(nameof(EntryNames))]
    public void Crc_is_zlib_crc32_of_bytes_0_to_536_with_upper_bits_zero(string name)
    {
        var bytes = Encode(Sample(name));
        Assert.Equal((ulong)ReferenceCrc32.Compute(bytes.AsSpan(0, 536)), BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(536)));
        Assert.Equal(LogEntryCodec.ComputeCrc(bytes), LogEntryCodec.StoredCrc(bytes));
    }

    [Theory]
    [MemberData(nameof(EntryNames))]
    public void Decode_then_encode_reproduces_the_bytes(string name)
    {
        var bytes = Encode(Sample(name));
        Assert.Equal(bytes, Encode(LogEntryCodec.Decode(bytes)));
    }

    [Fact]
    public void File_fields_are_at_their_format_offsets_and_padding_is_zero()
    {
        var bytes = Encode(SimpleFile);
        Assert.Equal(12UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        Assert.Equal(0U, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
        Assert.All(bytes[12..16], b => Assert.Equal(0, b));
        Assert.Equal(2097153UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(16)));
        Assert.Equal(2U, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(24)));
        Assert.Equal(1000U, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(28)));
        Assert.Equal(100U, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(32)));
        Assert.Equal(0x1A4U, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(36)));
        Assert.Equal("a/b/two_mib_plus_1"u8.ToArray(), bytes[40..58]);
        Assert.All(bytes[58..120], b => Assert.Equal(0, b));
        Assert.Equal(0U, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(120)));
        Assert.Equal(2U, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(128)));
        Assert.Equal(27262976UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(144)));
        Assert.Equal(2097152UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(152)));
        Assert.Equal(31457280UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(168)));
        Assert.All(bytes[184..536], b => Assert.Equal(0, b));
    }

    [Fact]
    public void Interleaved_fields_are_at_their_format_offsets()
    {
        var bytes = Encode(InterleavedFile);
        Assert.Equal(1U, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(120)));
        Assert.Equal(1U, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(128)));
        Assert.Equal(4UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(136)));
        Assert.Equal(2097152UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(144)));
        Assert.Equal(12884901888UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(152 + 8)));
        Assert.Equal(4294967296UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(152 + (3 * 24) + 8)));
    }

    [Fact]
    public void Mkdir_and_daxdev_fields_are_at_their_format_offsets()
    {
        var dir = Encode(Directory);
        Assert.Equal(1U, BinaryPrimitives.ReadUInt32LittleEndian(dir.AsSpan(8)));
        Assert.Equal(65534U, BinaryPrimitives.ReadUInt32LittleEndian(dir.AsSpan(16)));
        Assert.Equal(0x1EDU, BinaryPrimitives.ReadUInt32LittleEndian(dir.AsSpan(24)));
        Assert.Equal("a/b/c/d"u8.ToArray(), dir[28..35]);
        var dax = Encode(Daxdev);
        Assert.Equal(3U, BinaryPrimitives.ReadUInt32LittleEndian(dax.AsSpan(8)));
        Assert.Equal(8UL << 30, BinaryPrimitives.ReadUInt64LittleEndian(dax.AsSpan(16)));
        Assert.Equal(Convert.FromHexString("8a91a0a8822447b1bb437e9feba2fcb2"), dax[24..40]);
        Assert.Equal(1U, BinaryPrimitives.ReadUInt32LittleEndian(dax.AsSpan(40)));
    }

    [Fact]
    public void A_79_byte_path_fits_and_an_80_byte_path_is_refused()
    {
        var longest = new string('x', 79);
        Assert.Equal(longest, ((MkdirEntry)LogEntryCodec.Decode(Encode(Directory with { Path = longest }))).Path);
        var ex = Assert.Throws<FamfsException>(() => Encode(Directory with { Path = new string('x', 80) }));
        Assert.Equal(Errno.ENAMETOOLONG, ex.Errno);
    }

    [Fact]
    public void Path_limits_count_utf8_bytes_and_the_rest_of_the_field_is_zero()
    {
        var longest = new string('é', 39) + "x"; // 79 bytes in 40 characters
        var bytes = Encode(Directory with { Path = longest });
        Assert.Equal(longest, ((MkdirEntry)LogEntryCodec.Decode(bytes)).Path);
        var ex = Assert.Throws<FamfsException>(() => Encode(Directory with { Path = new string('é', 40) }));
        Assert.Equal(Errno.ENAMETOOLONG, ex.Errno);
        var shortPath = Encode(Directory with { Path = "a" });
        Assert.All(shortPath[29..108], b => Assert.Equal(0, b)); // md_relpath after "a", up to the entry's end of body
    }

    [Fact]
    public void More_than_16_extents_are_refused()
    {
        var extents = Enumerable.Range(1, 17).Select(i => new Extent(0, (ulong)i << 21, 1 << 21)).ToArray();
        var ex = Assert.Throws<FamfsException>(() => Encode(SimpleFile with { Map = new SimpleFileMap([.. extents]) }));
        Assert.Equal(Errno.EINVAL, ex.Errno);
    }

    [Theory]
    [InlineData(40)] // FILE relpath
    [InlineData(28)] // MKDIR relpath
    public void A_path_without_nul_in_80_bytes_is_a_defect(int pathOffset)
    {
        var bytes = Encode(pathOffset == 40 ? SimpleFile : Directory);
        bytes.AsSpan(pathOffset, 80).Fill((byte)'a');
        var entry = LogEntryCodec.Decode(bytes);
        Assert.Contains("NUL", entry.Defect, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_extent_type_is_a_defect()
    {
        var bytes = Encode(SimpleFile);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(120), 7);
        Assert.Contains("extent type 7", LogEntryCodec.Decode(bytes).Defect, StringComparison.Ordinal);
    }

    [Fact]
    public void A_simple_extent_count_above_16_is_a_defect_and_is_clamped()
    {
        var bytes = Encode(SimpleFile);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(128), 1000);
        var file = (FileEntry)LogEntryCodec.Decode(bytes);
        Assert.Contains("1000", file.Defect, StringComparison.Ordinal);
        Assert.Equal(16, ((SimpleFileMap)file.Map).Extents.Length);
    }

    [Theory]
    [InlineData(0UL, "strip count")]
    [InlineData(17UL, "strip count")]
    public void A_bad_strip_count_is_a_defect(ulong strips, string expected)
    {
        var bytes = Encode(InterleavedFile);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(136), strips);
        Assert.Contains(expected, LogEntryCodec.Decode(bytes).Defect, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zero_chunk_size_is_a_defect()
    {
        var bytes = Encode(InterleavedFile);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(144), 0);
        Assert.Contains("chunk size", LogEntryCodec.Decode(bytes).Defect, StringComparison.Ordinal);
    }

    [Fact]
    public void Decoding_random_bytes_never_throws()
    {
        var random = new Random(42);
        var bytes = new byte[FormatConstants.LogEntrySize];
        for (var i = 0; i < 2000; i++)
        {
            random.NextBytes(bytes);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)(i % 6));
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(120), (uint)(i % 3));
            _ = LogEntryCodec.Decode(bytes);
        }
    }

    private static LogEntry Sample(string name) => name switch
    {
        "simple" => SimpleFile,
        "interleaved" => InterleavedFile,
        "mkdir" => Directory,
        "daxdev" => Daxdev,
        "delete" => new OpaqueEntry((uint)LogEntryType.Delete) { Seqnum = 5 },
        "unknown" => new OpaqueEntry(99) { Seqnum = 6 },
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static byte[] Encode(LogEntry entry)
    {
        var bytes = new byte[FormatConstants.LogEntrySize];
        LogEntryCodec.Encode(entry, bytes);
        return bytes;
    }
}
