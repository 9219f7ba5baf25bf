using Famfs.Namespace;
using Famfs.Tests.TestSupport;

namespace Famfs.Tests.Namespace;

public class InodeTableTests
{
    [Fact]
    public void Every_inode_of_a_log_longer_than_several_chunks_finds_its_node()
    {
        var (tree, _) = Records.Play([.. Enumerable.Range(0, 5000).Select(i => Records.File($"f{i}", (ulong)(i + 5) << 21))]);
        for (var index = 0UL; index < 5000; index++)
        {
            Assert.Equal($"f{index}", tree.FindByInode(FsNode.InodeForIndex(index))?.Name);
        }
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(5UL)]
    [InlineData(1UL << 20)]
    [InlineData(ulong.MaxValue)]
    public void Inodes_no_entry_made_find_nothing(ulong inode)
    {
        var (tree, _) = Records.Play(Records.Dir("a"), Records.File("a/f"));
        Assert.Null(tree.FindByInode(inode));
    }

    [Fact]
    public void Inode_1_is_the_root()
    {
        var tree = new FsTree();
        Assert.Same(tree.Root, tree.FindByInode(FsNode.RootInode));
    }

    [Fact]
    public void An_entry_that_was_not_played_leaves_its_inode_empty()
    {
        var (tree, outcomes) = Records.Play(Records.File("f"), Records.File("f"), Records.Dir("d"));
        Assert.NotNull(outcomes[1].Problem);
        Assert.Null(tree.FindByInode(FsNode.InodeForIndex(1)));
        Assert.Equal("d", tree.FindByInode(FsNode.InodeForIndex(2))?.Name);
    }
}
