using Famfs.Namespace;

namespace Famfs.Files;

/// <summary>
/// Lookups and opens on behalf of a caller, judged by <see cref="Access"/> as the kernel judges
/// a path walk and open(2). The calls without a caller trust the calling process: it holds the
/// device open, so every byte of every file is within its reach anyway.
/// </summary>
public sealed partial class FamfsFileSystem
{
    /// <summary>The node at <paramref name="path"/>, or null; EACCES when a directory on the way may not be searched by <paramref name="caller"/>.</summary>
    internal FsNode? Find(string path, Caller caller) =>
        Access.Resolve(_tree.Root, path.AsSpan().Trim('/').IsEmpty ? string.Empty : Normalize(path), caller);

    /// <summary>
    /// Opens a file for <paramref name="caller"/>: search permission on every directory on the
    /// path, read permission on the file, and write permission too when <paramref name="writable"/>
    /// (a writable file can also be read); EACCES otherwise.
    /// </summary>
    internal FamfsFile OpenFile(string path, bool writable, Caller caller)
    {
        Refresh();
        var node = Find(path, caller);
        var wanted = writable ? AccessRights.Read | AccessRights.Write : AccessRights.Read;
        if (node is FsFile && !Access.Allows(node, caller, wanted))
        {
            throw Access.Denied(node, caller, wanted);
        }

        return OpenFound(node, path, writable);
    }

    /// <summary>Refuses (EACCES) a create of <paramref name="path"/> that <paramref name="caller"/> may not make (see <see cref="Access.DemandCreate"/>).</summary>
    internal void DemandCreate(string path, Caller caller)
    {
        Refresh();
        Access.DemandCreate(_tree.Root, Normalize(path), caller);
    }
}
