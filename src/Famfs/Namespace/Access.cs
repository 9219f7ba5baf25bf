using Famfs.Errors;

namespace Famfs.Namespace;

/// <summary>What a caller wants to do; the values are R_OK, W_OK and X_OK, and the bits of each rwx triplet.</summary>
[Flags]
internal enum AccessRights
{
    None = 0,

    /// <summary>Execute a file; search (pass through) a directory.</summary>
    Execute = 1,
    Write = 2,
    Read = 4,
}

/// <summary>
/// The permission judgement of famfs.net, the one the CLI, the library's caller-checked calls
/// and the FUSE daemon all use: a node's logged mode, uid and gid against a caller's uid, gid
/// and groups, as the kernel judges them. The owner class applies to the owner, the group
/// class to members of the node's group, the other class to everyone else; uid 0 may read,
/// write and search anything (CAP_DAC_OVERRIDE) and execute a file with any execute bit.
/// Reaching a node needs search permission on every directory above it (the path walk), so a
/// 0700 directory hides the names inside it.
/// </summary>
internal static class Access
{
    private const uint AnyExecute = 0x49; // 0111

    /// <summary>Whether <paramref name="caller"/> may do <paramref name="wanted"/> to something of this mode and ownership (no path walk).</summary>
    public static bool Allows(uint mode, uint ownerUid, uint ownerGid, bool isDirectory, Caller caller, AccessRights wanted)
    {
        var want = (uint)wanted & 7;
        if (caller.IsRoot)
        {
            return (wanted & AccessRights.Execute) == 0 || isDirectory || (mode & AnyExecute) != 0;
        }

        uint granted;
        if (caller.Uid == ownerUid)
        {
            granted = (mode >> 6) & 7;
        }
        else
        {
            var group = (mode >> 3) & 7;
            var other = mode & 7;
            // Membership is asked only when the answer depends on it.
            granted = (group & want) != (other & want) && caller.IsMember(ownerGid) ? group : other;
        }

        return (granted & want) == want;
    }

    /// <summary>Whether <paramref name="caller"/> may do <paramref name="wanted"/> to <paramref name="node"/> (no path walk).</summary>
    public static bool Allows(FsNode node, Caller caller, AccessRights wanted) =>
        Allows(node.Mode, node.Uid, node.Gid, node is FsDirectory, caller, wanted);

    /// <summary>
    /// Finds the node at <paramref name="path"/> (normalised: no ".", ".." or empty components;
    /// "" is the root) the way the kernel walks a path: every directory passed through must be
    /// searchable (EACCES otherwise). Null when it does not exist.
    /// </summary>
    public static FsNode? Resolve(FsDirectory root, string path, Caller caller)
    {
        FsNode node = root;
        var rest = path.AsSpan();
        foreach (var range in rest.Split('/'))
        {
            if (rest[range].IsEmpty)
            {
                continue;
            }

            if (node is not FsDirectory directory)
            {
                return null;
            }

            if (!Allows(directory, caller, AccessRights.Execute))
            {
                throw Denied(directory, caller, AccessRights.Execute);
            }

            node = directory.Find(rest[range])!;
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>
    /// Creating <paramref name="path"/> (with any missing parent directories) needs write and
    /// search permission on the deepest directory that exists along it, and search on every
    /// directory above; EACCES otherwise. Nothing is demanded when it all exists already, or a
    /// file stands in the way: the create itself reports that.
    /// </summary>
    public static void DemandCreate(FsDirectory root, string path, Caller caller)
    {
        if (caller.IsRoot)
        {
            return;
        }

        var directory = root;
        var rest = path.AsSpan();
        foreach (var range in rest.Split('/'))
        {
            if (rest[range].IsEmpty)
            {
                continue;
            }

            if (!Allows(directory, caller, AccessRights.Execute))
            {
                throw Denied(directory, caller, AccessRights.Execute);
            }

            switch (directory.Find(rest[range]))
            {
                case null:
                    if (!Allows(directory, caller, AccessRights.Write | AccessRights.Execute))
                    {
                        throw Denied(directory, caller, AccessRights.Write | AccessRights.Execute);
                    }

                    return;
                case FsDirectory child:
                    directory = child;
                    break;
                default:
                    return;
            }
        }
    }

    /// <summary>The EACCES error for <paramref name="caller"/> wanting <paramref name="wanted"/> on <paramref name="node"/>.</summary>
    public static FamfsException Denied(FsNode node, Caller caller, AccessRights wanted)
    {
        var what = node is FsDirectory
            ? wanted == AccessRights.Execute ? "search directory" : wanted.HasFlag(AccessRights.Write) ? "create entries in directory" : "list directory"
            : wanted.HasFlag(AccessRights.Write) ? wanted.HasFlag(AccessRights.Read) ? "read and write" : "write" : "read";
        var path = node.Parent is null ? "/" : node.Path;
        return new FamfsException(Errno.EACCES,
            $"permission denied: {caller} may not {what} '{path}' (mode {Convert.ToString(node.Mode & 0xFFF, 8).PadLeft(4, '0')}, owner {node.Uid}, group {node.Gid})",
            "ask its owner for access, or run as a user its mode admits");
    }
}
