namespace Famfs.Lifecycle;

/// <summary>What a <see cref="LifecycleToken"/> names. Tokens of different kinds never equal each other, whatever their text.</summary>
public enum LifecycleTokenKind
{
    /// <summary>A path in a file system (relative, as <c>FsNode.Path</c> spells it): Created when it appears.</summary>
    Path = 1,

    /// <summary>A whole file system, by its UUID.</summary>
    FileSystem = 2,

    /// <summary>One file's address space in one open file system: Revoked, Poisoned, Destroyed.</summary>
    AddressSpace = 3,
}
