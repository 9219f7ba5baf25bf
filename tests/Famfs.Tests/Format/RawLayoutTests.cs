using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Famfs.Format.Raw;

namespace Famfs.Tests.Format;

/// <summary>Every size and offset of docs/FORMAT.md, checked against the raw structs.</summary>
public class RawLayoutTests
{
    [Theory]
    [InlineData(typeof(famfs_superblock), 200)]
    [InlineData(typeof(famfs_daxdev), 88)]
    [InlineData(typeof(famfs_log_header), 48)]
    [InlineData(typeof(famfs_log_entry), 544)]
    [InlineData(typeof(famfs_log_file_meta), 520)]
    [InlineData(typeof(famfs_log_fmap), 416)]
    [InlineData(typeof(famfs_simple_extent), 24)]
    [InlineData(typeof(famfs_interleaved_ext), 400)]
    [InlineData(typeof(famfs_log_mkdir), 92)]
    [InlineData(typeof(famfs_log_daxdev), 32)]
    public void Struct_has_the_size_of_the_reference(Type type, int size)
    {
        Assert.Equal(size, Marshal.SizeOf(type));
        Assert.Equal(size, (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(type).Invoke(null, null)!);
    }

    [Theory]
    [InlineData("ts_magic", 0)]
    [InlineData("ts_version", 8)]
    [InlineData("ts_log_offset", 16)]
    [InlineData("ts_log_len", 24)]
    [InlineData("ts_alloc_unit", 32)]
    [InlineData("ts_omf_ver_major", 40)]
    [InlineData("ts_omf_ver_minor", 44)]
    [InlineData("ts_uuid", 48)]
    [InlineData("ts_dev_uuid", 64)]
    [InlineData("ts_system_uuid", 80)]
    [InlineData("ts_crc", 96)]
    [InlineData("ts_sb_flags", 104)]
    [InlineData("ts_daxdev", 112)]
    public void Superblock_field_offsets(string field, int offset) => AssertOffset<famfs_superblock>(field, offset);

    [Fact]
    public void Superblock_daxdev_fields_are_at_112_120_136()
    {
        var sb = default(famfs_superblock);
        Assert.Equal(112, Offset(ref sb, ref sb.ts_daxdev.dd_size));
        Assert.Equal(120, Offset(ref sb, ref sb.ts_daxdev.dd_uuid[0]));
        Assert.Equal(136, Offset(ref sb, ref sb.ts_daxdev.dd_daxdev[0]));
        Assert.Equal(64, Unsafe.SizeOf<Bytes64>());
        Assert.Equal(200, 136 + Unsafe.SizeOf<Bytes64>());
    }

    [Theory]
    [InlineData("famfs_log_magic", 0)]
    [InlineData("famfs_log_len", 8)]
    [InlineData("famfs_log_last_index", 16)]
    [InlineData("famfs_log_crc", 24)]
    [InlineData("famfs_log_next_seqnum", 32)]
    [InlineData("famfs_log_next_index", 40)]
    public void Log_header_field_offsets(string field, int offset) => AssertOffset<famfs_log_header>(field, offset);

    [Theory]
    [InlineData("famfs_log_entry_seqnum", 0)]
    [InlineData("famfs_log_entry_type", 8)]
    [InlineData("famfs_fm", 16)]
    [InlineData("famfs_md", 16)]
    [InlineData("famfs_dd", 16)]
    [InlineData("famfs_log_entry_crc", 536)]
    public void Log_entry_field_offsets(string field, int offset) => AssertOffset<famfs_log_entry>(field, offset);

    [Theory]
    [InlineData("fm_size", 0)]
    [InlineData("fm_flags", 8)]
    [InlineData("fm_uid", 12)]
    [InlineData("fm_gid", 16)]
    [InlineData("fm_mode", 20)]
    [InlineData("fm_relpath", 24)]
    [InlineData("fm_fmap", 104)]
    public void File_body_field_offsets(string field, int offset) => AssertOffset<famfs_log_file_meta>(field, offset);

    [Fact]
    public void File_body_fields_within_an_entry()
    {
        var e = default(famfs_log_entry);
        Assert.Equal(16, Offset(ref e, ref e.famfs_fm.fm_size));
        Assert.Equal(24, Offset(ref e, ref e.famfs_fm.fm_flags));
        Assert.Equal(40, Offset(ref e, ref e.famfs_fm.fm_relpath[0]));
        Assert.Equal(120, Offset(ref e, ref e.famfs_fm.fm_fmap.fmap_ext_type));
        Assert.Equal(128, Offset(ref e, ref e.famfs_fm.fm_fmap.fmap_nextents));
        Assert.Equal(136, Offset(ref e, ref e.famfs_fm.fm_fmap.se[0].se_devindex));
        Assert.Equal(136 + (15 * 24), Offset(ref e, ref e.famfs_fm.fm_fmap.se[15].se_devindex));
        Assert.Equal(136, Offset(ref e, ref e.famfs_fm.fm_fmap.ie.ie_nstrips));
        Assert.Equal(144, Offset(ref e, ref e.famfs_fm.fm_fmap.ie.ie_chunk_size));
        Assert.Equal(152, Offset(ref e, ref e.famfs_fm.fm_fmap.ie.ie_strips[0].se_devindex));
        Assert.Equal(536, 16 + Unsafe.SizeOf<famfs_log_file_meta>());
    }

    [Theory]
    [InlineData("fmap_ext_type", 0)]
    [InlineData("fmap_nextents", 8)]
    [InlineData("se", 16)]
    [InlineData("ie", 16)]
    public void Fmap_field_offsets(string field, int offset) => AssertOffset<famfs_log_fmap>(field, offset);

    [Theory]
    [InlineData("se_devindex", 0)]
    [InlineData("se_offset", 8)]
    [InlineData("se_len", 16)]
    public void Simple_extent_field_offsets(string field, int offset) => AssertOffset<famfs_simple_extent>(field, offset);

    [Theory]
    [InlineData("ie_nstrips", 0)]
    [InlineData("ie_chunk_size", 8)]
    [InlineData("ie_strips", 16)]
    public void Interleaved_extent_field_offsets(string field, int offset) => AssertOffset<famfs_interleaved_ext>(field, offset);

    [Theory]
    [InlineData("md_uid", 0)]
    [InlineData("md_gid", 4)]
    [InlineData("md_mode", 8)]
    [InlineData("md_relpath", 12)]
    public void Mkdir_body_field_offsets(string field, int offset) => AssertOffset<famfs_log_mkdir>(field, offset);

    [Theory]
    [InlineData("dd_size", 0)]
    [InlineData("dd_uuid", 8)]
    [InlineData("dd_index", 24)]
    public void Add_daxdev_body_field_offsets(string field, int offset) => AssertOffset<famfs_log_daxdev>(field, offset);

    [Fact]
    public void Crc_covered_lengths_are_the_bytes_before_each_crc_field()
    {
        Assert.Equal(96, famfs_superblock.CrcCoveredLength);
        Assert.Equal(24, famfs_log_header.CrcCoveredLength);
        Assert.Equal(536, famfs_log_entry.CrcCoveredLength);
    }

    private static void AssertOffset<T>(string field, int offset) where T : struct =>
        Assert.Equal(offset, (int)Marshal.OffsetOf<T>(field));

    private static int Offset<TBase, TField>(ref TBase origin, ref TField field) =>
        (int)Unsafe.ByteOffset(ref Unsafe.As<TBase, byte>(ref origin), ref Unsafe.As<TField, byte>(ref field));
}
