using Famfs.Errors;
using Famfs.Namespace;
using Famfs.Tests.TestSupport;

namespace Famfs.Tests.Namespace;

/// <summary>The permission judgement (the kernel's rules) on logged modes, owners and groups.</summary>
public class AccessTests
{
    private const uint Owner = 1001;
    private const uint OwnerGroup = 1001;
    private const uint Other = 1002;
    private const uint SharedGroup = 2000;

    // d (0750 owner:shared) holds f (0640 owner:shared); private (0700) holds secret (0644); open is 0644.
    private static readonly FsTree Tree = Records.Play(
        Records.Dir("d") with { Mode = 0x1E8, Uid = Owner, Gid = SharedGroup },
        Records.File("d/f", 10UL << 20) with { Mode = 0x1A0, Uid = Owner, Gid = SharedGroup },
        Records.Dir("private") with { Mode = 0x1C0, Uid = Owner, Gid = OwnerGroup },
        Records.File("private/secret", 12UL << 20) with { Mode = 0x1A4, Uid = Owner, Gid = OwnerGroup },
        Records.File("open", 14UL << 20) with { Mode = 0x1A4, Uid = Owner, Gid = OwnerGroup }).Tree;

    [Theory]
    [InlineData(0x180u, (int)AccessRights.Read, true)] // 0600
    [InlineData(0x180u, (int)AccessRights.Write, true)]
    [InlineData(0x180u, (int)AccessRights.Execute, false)]
    [InlineData(0x03Fu, (int)AccessRights.Read, false)] // 0077: only the owner class counts for the owner
    [InlineData(0x100u, (int)(AccessRights.Read | AccessRights.Write), false)] // 0400
    [InlineData(0x1C0u, (int)(AccessRights.Read | AccessRights.Write | AccessRights.Execute), true)] // 0700
    public void The_owner_gets_the_owner_bits_and_only_those(uint mode, int wanted, bool allowed) =>
        Assert.Equal(allowed, Access.Allows(mode, Owner, OwnerGroup, isDirectory: false, new Caller(Owner, OwnerGroup), (AccessRights)wanted));

    [Fact]
    public void A_member_by_primary_or_supplementary_group_gets_the_group_bits_others_the_other_bits()
    {
        const uint mode = 0x1A0; // 0640
        Assert.True(Access.Allows(mode, Owner, SharedGroup, false, new Caller(Other, SharedGroup), AccessRights.Read));
        Assert.True(Access.Allows(mode, Owner, SharedGroup, false, new Caller(Other, 1, () => [7, SharedGroup]), AccessRights.Read));
        Assert.False(Access.Allows(mode, Owner, SharedGroup, false, new Caller(Other, 1, () => [7]), AccessRights.Read));
        Assert.False(Access.Allows(mode, Owner, SharedGroup, false, new Caller(Other, SharedGroup), AccessRights.Write));
    }

    [Fact]
    public void Supplementary_groups_are_fetched_only_when_they_can_change_the_answer()
    {
        var fetches = 0;
        IReadOnlyCollection<uint> Groups()
        {
            fetches++;
            return [SharedGroup];
        }

        Assert.True(Access.Allows(0x180, Owner, SharedGroup, false, new Caller(Owner, 1, Groups), AccessRights.Read)); // the owner
        Assert.True(Access.Allows(0x1A4, Owner, SharedGroup, false, new Caller(Other, 1, Groups), AccessRights.Read)); // 0644: group and other agree
        Assert.Equal(0, fetches);

        var caller = new Caller(Other, 1, Groups);
        Assert.True(Access.Allows(0x1A0, Owner, SharedGroup, false, caller, AccessRights.Read));
        Assert.True(Access.Allows(0x1A0, Owner, SharedGroup, false, caller, AccessRights.Read));
        Assert.Equal(1, fetches);
    }

    [Theory]
    [InlineData(0x000u, false, (int)(AccessRights.Read | AccessRights.Write), true)]
    [InlineData(0x000u, true, (int)AccessRights.Execute, true)] // any directory may be searched
    [InlineData(0x180u, false, (int)AccessRights.Execute, false)] // a file needs some execute bit
    [InlineData(0x008u, false, (int)AccessRights.Execute, true)]
    public void Root_passes_read_write_and_search_checks_and_executes_what_anyone_may(uint mode, bool isDirectory, int wanted, bool allowed) =>
        Assert.Equal(allowed, Access.Allows(mode, Owner, OwnerGroup, isDirectory, new Caller(0, 0), (AccessRights)wanted));

    [Fact]
    public void A_0700_directory_hides_its_names_from_everyone_but_its_owner_and_root()
    {
        var other = new Caller(Other, Other);
        var denied = Assert.Throws<FamfsException>(() => Access.Resolve(Tree.Root, "private/secret", other));
        Assert.Equal(Errno.EACCES, denied.Errno);
        Assert.Contains("search directory 'private'", denied.Message, StringComparison.Ordinal);
        Assert.Equal(Errno.EACCES, Assert.Throws<FamfsException>(() => Access.Resolve(Tree.Root, "private/nonexistent", other)).Errno);
        Assert.True(Access.Allows(Tree.Find("private/secret")!, other, AccessRights.Read)); // 0644 itself: only the walk protects it

        Assert.Same(Tree.Find("private/secret"), Access.Resolve(Tree.Root, "private/secret", new Caller(Owner, OwnerGroup)));
        Assert.Same(Tree.Find("private/secret"), Access.Resolve(Tree.Root, "private/secret", new Caller(0, 0)));
        Assert.Null(Access.Resolve(Tree.Root, "private/nonexistent", new Caller(Owner, OwnerGroup)));
    }

    [Fact]
    public void A_group_member_walks_a_group_searchable_directory_to_a_group_readable_file()
    {
        var member = new Caller(Other, SharedGroup);
        var file = Access.Resolve(Tree.Root, "d/f", member)!;
        Assert.True(Access.Allows(file, member, AccessRights.Read));
        Assert.False(Access.Allows(file, member, AccessRights.Write));
        Assert.Equal(Errno.EACCES, Assert.Throws<FamfsException>(() => Access.Resolve(Tree.Root, "d/f", new Caller(Other, Other))).Errno);
        Assert.True(Access.Allows(Access.Resolve(Tree.Root, "open", new Caller(Other, Other))!, new Caller(Other, Other), AccessRights.Read));
    }

    [Fact]
    public void Creating_needs_write_and_search_on_the_deepest_existing_directory()
    {
        var member = new Caller(Other, SharedGroup);
        Assert.Equal(Errno.EACCES, Assert.Throws<FamfsException>(() => Access.DemandCreate(Tree.Root, "new", member)).Errno); // / is 0755 root's
        Assert.Equal(Errno.EACCES, Assert.Throws<FamfsException>(() => Access.DemandCreate(Tree.Root, "d/new/deeper", member)).Errno); // d: r-x for the group
        Access.DemandCreate(Tree.Root, "d/new/deeper", new Caller(Owner, OwnerGroup));
        Access.DemandCreate(Tree.Root, "new", new Caller(0, 0));
        Access.DemandCreate(Tree.Root, "d/f", member); // exists: the create reports it
    }
}
