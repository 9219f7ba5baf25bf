using Famfs.Files;
using Famfs.Shared;

namespace Famfs.Tests.Shared;

/// <summary>
/// Images the reference made (tests/Famfs.Tests/TestData/conformance) have no shared host area:
/// they open as before with one note, and their master can add the area without disturbing
/// anything the reference's tools would check.
/// </summary>
public sealed class ReferenceImageSharedAreaTests
{
    [Theory]
    [InlineData("nested")]
    [InlineData("loglen16m")]
    public void A_reference_image_opens_without_the_area_with_the_note_and_its_master_can_create_it(string name)
    {
        using var image = ConformanceImages.Materialize(name);
        Guid master;
        int files;
        using (var plain = FamfsFileSystem.Open(image.Path, new FileSystemOptions { ReadOnly = true }))
        {
            Assert.Null(plain.Shared);
            Assert.Contains("no shared host area (.famfs/)", Assert.Single(plain.Notes), StringComparison.Ordinal);
            master = plain.Superblock.SystemUuid;
            files = plain.Usage.Files;
        }

        using (var fs = FamfsFileSystem.Open(image.Path, new FileSystemOptions { SystemUuid = master }))
        {
            fs.CreateSharedArea();
            Assert.Equal(HostState.Live, Assert.Single(fs.Hosts).State);
        }

        image.AssertFsckClean();
        using var again = FamfsFileSystem.Open(image.Path, new FileSystemOptions { ReadOnly = true });
        Assert.NotNull(again.Shared);
        Assert.Empty(again.Notes);
        Assert.Equal(files + 3, again.Usage.Files);
    }
}
