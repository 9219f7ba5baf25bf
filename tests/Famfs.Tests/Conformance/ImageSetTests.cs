
namespace Famfs.Tests.Conformance;

/// <summary>The test data is all there: a missing image fails here rather than silently testing less.</summary>
public class ImageSetTests
{
    [Fact]
    public void All_seven_positive_images_are_present() => Assert.Equal(
        ["adddaxdev", "devfull", "empty", "interleaved", "loglen16m", "nested", "zerolen"],
        ConformanceImages.PositiveNames());

    [Fact]
    public void All_six_negative_images_are_present() => Assert.Equal(
        ["neg_abs_path", "neg_crcflip", "neg_loghdr_crc", "neg_misaligned", "neg_overlap_clone", "neg_sb_crc"],
        ConformanceImages.NegativeNames());

    [Theory]
    [MemberData(nameof(ConformanceData.PositiveImages), MemberType = typeof(ConformanceData))]
    public void Metadata_length_is_the_superblock_area_plus_the_log(string name)
    {
        var manifest = ConformanceImages.LoadManifest(name);
        Assert.Equal(manifest.MetaBinLength, (ulong)ConformanceImages.MetadataBytes(name).Length);
        Assert.Equal((2UL << 20) + manifest.Superblock.U64("ts_log_len"), manifest.MetaBinLength);
    }
}
