using Famfs.Cli.Tests.FileCommands.Support;
using Famfs.Cli.Tests.Mount.Support;

namespace Famfs.Cli.Tests.Mount;

/// <summary>
/// The kernel caches directory listings of a famfs mount (stateless directories); a listing must
/// still never miss a file once the daemon has played its log entry.
/// </summary>
[Collection(CliCollection.Name)]
[RequiresRoot]
public sealed class DirectoryListingTests
{
    [Fact]
    public void A_directory_listed_before_a_creat_through_the_mount_lists_the_new_file_at_once()
    {
        using var rig = new MountRig();
        // A poll far away: only the creat's own log play may make the file appear.
        var mount = rig.Mount("master", pollSeconds: 3600);
        CliFixture.Expect(0, rig.Famfs(["mkdir", Path.Combine(mount, "dir")]));
        string[] Listed(string path) => [.. Directory.GetFileSystemEntries(path).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
        Assert.Empty(Listed(Path.Combine(mount, "dir")));
        Assert.Equal([".famfs", ".meta", "dir"], Listed(mount)); // .famfs: the shared host area the master's mount makes
        string Links() => Shell.RunChecked("stat", ["-c", "%h", mount], "stat the root").StdOut.Trim();
        Assert.Equal("4", Links()); // 2 + .famfs and dir

        CliFixture.Expect(0, rig.Famfs(["creat", "-s", "4k", Path.Combine(mount, "dir", "new")]));
        CliFixture.Expect(0, rig.Famfs(["mkdir", Path.Combine(mount, "later")]));

        Assert.Equal(["new"], Listed(Path.Combine(mount, "dir")));
        Assert.Equal([".famfs", ".meta", "dir", "later"], Listed(mount));
        Assert.Equal("5", Links());
    }
}
