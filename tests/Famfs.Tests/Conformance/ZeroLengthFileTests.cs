using Famfs.Files;
using Famfs.TestSupport;

namespace Famfs.Tests.Conformance;

/// <summary>
/// docs/FORMAT.md: a size-0 FILE entry with a length-0 extent can exist in a log (the reference CLI
/// cannot make one, its library can): it must read as an empty file, not fail.
/// </summary>
public sealed class ZeroLengthFileTests
{
    [Fact]
    public void The_zero_length_file_of_the_zerolen_image_opens_and_reads_as_empty()
    {
        using var image = ConformanceImages.Materialize("zerolen");
        using var fs = FamfsFileSystem.Open(image.Path, new FileSystemOptions { ReadOnly = true });
        using var file = fs.OpenFile("zero_length");
        Assert.Equal(0, file.Length);
        Assert.Equal(0, file.Read(0, new byte[16]));
        using var stream = file.AsStream();
        Assert.Equal(-1, stream.ReadByte());

        using var after = fs.OpenFile("after_1m"); // its neighbour on the device is unaffected
        Assert.Equal(1 << 20, after.Length);
    }
}
