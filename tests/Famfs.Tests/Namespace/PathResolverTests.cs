using Famfs.Namespace;
using Famfs.Tests.TestSupport;

namespace Famfs.Tests.Namespace;

public class PathResolverTests
{
    private readonly FsTree _tree = Records.Play(Records.Dir("a"), Records.Dir("a/b"), Records.Dir("empty_dir"), Records.File("a/f")).Tree;

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("//")]
    public void Empty_path_is_refused(string path) => AssertRefused(path, "empty");

    [Theory]
    [InlineData("/abs/path")]
    [InlineData("/a")]
    public void Absolute_path_is_refused(string path) => AssertRefused(path, "absolute");

    [Theory]
    [InlineData("../x")]
    [InlineData("a/../../x")]
    [InlineData("./../x")]
    [InlineData("a/b/../../../etc/passwd")]
    public void Dotdot_escaping_the_root_is_refused(string path) => AssertRefused(path, "escapes the file-system root");

    [Fact]
    public void Missing_parent_is_refused() => AssertRefused("nope/x", "does not exist");

    [Fact]
    public void A_file_as_parent_is_refused() => AssertRefused("a/f/x", "is a file, not a directory");

    [Theory]
    [InlineData("a/..")]
    [InlineData("a/.")]
    public void A_path_ending_in_dot_or_dotdot_names_no_entry(string path) => AssertRefused(path, "names no new entry");

    [Theory]
    [InlineData("empty_dir/../x", "", "x")]
    [InlineData("a/./b/new", "a/b", "new")]
    [InlineData("a//b/new", "a/b", "new")]
    [InlineData("a/b/../b/new", "a/b", "new")]
    [InlineData("top", "", "top")]
    public void Dot_and_dotdot_inside_the_root_resolve(string path, string parent, string name)
    {
        Assert.True(PathResolver.TryResolveForCreate(_tree.Root, path, out var target, out var problem), problem);
        Assert.Equal(parent, target.Parent.Path);
        Assert.Equal(name, target.Name);
    }

    [Theory]
    [InlineData("a/b", "a/b")]
    [InlineData("a/./b/..", "a")]
    [InlineData("..", "")]
    [InlineData("", "")]
    [InlineData("a/f", "a/f")]
    public void Find_follows_dot_and_dotdot_and_stops_at_the_root(string path, string expected) =>
        Assert.Equal(expected, _tree.Find(path)?.Path);

    [Theory]
    [InlineData("a/f/x")]
    [InlineData("missing")]
    public void Find_returns_null_for_missing_nodes(string path) => Assert.Null(_tree.Find(path));

    private void AssertRefused(string path, string expected)
    {
        Assert.False(PathResolver.TryResolveForCreate(_tree.Root, path, out _, out var problem));
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".meta", true)]
    [InlineData(".meta/", true)]
    [InlineData("/.meta/x", true)]
    [InlineData("./.meta", true)]
    [InlineData("a/../.meta/x", true)]
    [InlineData("../../.meta", true)]
    [InlineData("a/.meta", false)]
    [InlineData(".meta2", false)]
    [InlineData("x.meta", false)]
    [InlineData("a/b/../.meta", false)]
    public void Meta_is_reserved_at_the_root_only(string path, bool reserved) => Assert.Equal(reserved, PathResolver.IsUnderMeta(path));
}
