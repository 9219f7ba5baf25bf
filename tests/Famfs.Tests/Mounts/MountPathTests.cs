using Famfs.Errors;
using Famfs.Mounts;

namespace Famfs.Tests.Mounts;

/// <summary>
/// FamfsMountTable.Resolve: mount points and paths are compared after following symbolic links,
/// as the kernel does when it mounts (mountinfo shows where a link led).
/// </summary>
public sealed class MountPathTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("famfs-mount-path-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Links_anywhere_in_the_path_are_followed()
    {
        var real = Directory.CreateDirectory(Path.Combine(_root, "real", "mp")).FullName;
        File.CreateSymbolicLink(Path.Combine(_root, "abs"), real);
        File.CreateSymbolicLink(Path.Combine(_root, "rel"), "real/mp");
        File.CreateSymbolicLink(Path.Combine(_root, "dir"), "real");
        File.CreateSymbolicLink(Path.Combine(_root, "chain"), "abs");

        Assert.Equal(real, FamfsMountTable.Resolve(Path.Combine(_root, "abs")));
        Assert.Equal(real, FamfsMountTable.Resolve(Path.Combine(_root, "rel") + "/"));
        Assert.Equal(real, FamfsMountTable.Resolve(Path.Combine(_root, "dir", "mp")));
        Assert.Equal(real, FamfsMountTable.Resolve(Path.Combine(_root, "chain")));
        Assert.Equal(Path.Combine(real, "new", "file"), FamfsMountTable.Resolve(Path.Combine(_root, "chain", "new", "file")));
        Assert.Equal(Path.Combine(_root, "real"), FamfsMountTable.Resolve(Path.Combine(_root, "abs", "..")));
        Assert.Equal(real, FamfsMountTable.Resolve(real));
    }

    [Fact]
    public void A_dangling_link_resolves_to_where_it_points_and_a_loop_is_ELOOP()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "dangling"), "nowhere/x");
        File.CreateSymbolicLink(Path.Combine(_root, "loop"), "loop");

        Assert.Equal(Path.Combine(_root, "nowhere", "x"), FamfsMountTable.Resolve(Path.Combine(_root, "dangling")));
        Assert.Equal(Errno.ELOOP, Assert.Throws<FamfsException>(() => FamfsMountTable.Resolve(Path.Combine(_root, "loop"))).Errno);
    }
}
