using Famfs.Format;

namespace Famfs.Identity;

/// <summary>What this host is to a file system.</summary>
public enum Role
{
    /// <summary>No valid superblock: nothing to be a member of.</summary>
    NoSuper,

    /// <summary>The superblock names this host: it alone may allocate and append to the log.</summary>
    Master,

    /// <summary>Another host is master: this one replays the log and never changes metadata.</summary>
    Client,
}

internal static class Roles
{
    public static Role Of(Superblock? superblock, Guid systemUuid) =>
        superblock is null ? Role.NoSuper
        : superblock.SystemUuid == systemUuid ? Role.Master
        : Role.Client;
}
