using Famfs.Errors;
using Famfs.Mounts;

namespace Famfs.Tests.Mounts;

/// <summary>
/// FamfsMountTable.Resolve: mount points and paths are compared after following symbolic links,
/// as the kernel does when it mounts (mountinfo shows where a link led).
/// </summary>
public sealed class MountPathTests : IDisposable
{
    private readonly TempDirectory _directory = new("famfs-mount-path");

    private string Root => _directory.Path;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Links_anywhere_in_the_path_are_followed()
    {
        var real = Directory.CreateDirectory(Path.Combine(Root, "real", "mp")).FullName;
        File.CreateSymbolicLink(Path.Combine(Root, "abs"), real);
        File.CreateSymbolicLink(Path.Combine(Root, "rel"), "real/mp");
        File.CreateSymbolicLink(Path.Combine(Root, "dir"), "real");
        File.CreateSymbolicLink(Path.Combine(Root, "chain"), "abs");

        Assert.Equal(real, FamfsMountTable.Resolve(Path.Combine(Root, "abs")));
        Assert.Equal(real, FamfsMountTable.Resolve(Path.Combine(Root, "rel") + "/"));
        Assert.Equal(real, FamfsMountTable.Resolve(Path.Combine(Root, "dir", "mp")));
        Assert.Equal(real, FamfsMountTable.Resolve(Path.Combine(Root, "chain")));
        Assert.Equal(Path.Combine(real, "new", "file"), FamfsMountTable.Resolve(Path.Combine(Root, "chain", "new", "file")));
        Assert.Equal(Path.Combine(Root, "real"), FamfsMountTable.Resolve(Path.Combine(Root, "abs", "..")));
        Assert.Equal(real, FamfsMountTable.Resolve(real));
    }

    [Fact]
    public void A_dangling_link_resolves_to_where_it_points_and_a_loop_is_ELOOP()
    {
        File.CreateSymbolicLink(Path.Combine(Root, "dangling"), "nowhere/x");
        File.CreateSymbolicLink(Path.Combine(Root, "loop"), "loop");

        Assert.Equal(Path.Combine(Root, "nowhere", "x"), FamfsMountTable.Resolve(Path.Combine(Root, "dangling")));
        Assert.Equal(Errno.ELOOP, Assert.Throws<FamfsException>(() => FamfsMountTable.Resolve(Path.Combine(Root, "loop"))).Errno);
    }
}
