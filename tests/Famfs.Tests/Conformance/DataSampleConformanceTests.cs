using Famfs.Allocation;
using Famfs.Format;
using Famfs.Namespace;

namespace Famfs.Tests.Conformance;

/// <summary>Each data sample of the reference gives file offset → device offset: our ExtentResolver must agree.</summary>
[Collection(ConformanceCollection.Name)]
public class DataSampleConformanceTests(ConformanceFixture images)
{
    [Theory]
    [MemberData(nameof(ConformanceData.PositiveImages), MemberType = typeof(ConformanceData))]
    public void File_offsets_map_to_the_reference_device_offsets(string name)
    {
        var image = images[name];
        var tree = new FsTree();
        LogPlayer.Play(tree, image.Metadata.ReadRecords(), Famfs.Tests.TestSupport.Records.Admission());
        foreach (var pattern in image.Manifest.DataPatterns)
        {
            var path = pattern.Str("relpath");
            var file = Assert.IsType<FsFile>(tree.Find(path));
            Assert.Equal(pattern.U64("size"), file.SizeBytes);
            foreach (var sample in pattern.Get("samples").EnumerateArray())
            {
                var (deviceOffset, contiguous) = ExtentResolver.Resolve(file.Map, sample.U64("file_offset"));
                Assert.Equal(sample.U64("dev_offset"), deviceOffset);
                Assert.True(contiguous > 0, $"{path} @ {sample.U64("file_offset")}: no contiguous bytes");
            }
        }
    }

    [Fact]
    public void Images_with_data_have_samples_of_simple_and_interleaved_files()
    {
        var interleaved = images["interleaved"];
        var tree = new FsTree();
        LogPlayer.Play(tree, interleaved.Metadata.ReadRecords(), Famfs.Tests.TestSupport.Records.Admission());
        Assert.Contains(interleaved.Manifest.DataPatterns,
            p => ((FsFile)tree.Find(p.Str("relpath"))!).Map is InterleavedFileMap);
        Assert.NotEmpty(images["nested"].Manifest.DataPatterns);
    }
}
