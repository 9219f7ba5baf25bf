using System.Runtime.InteropServices;

namespace Famfs.Fuse.Interop;

/// <summary>
/// Replying to requests. Every request gets exactly one reply (forget gets fuse_reply_none).
/// The int results are 0 or -errno; -ENOENT means the request was interrupted and the
/// kernel never saw the reply. Structs go by reference and buffers as spans, pinned for the
/// call: libfuse copies them into the reply before it returns.
/// </summary>
internal static unsafe partial class Libfuse
{
    [LibraryImport(LibName, EntryPoint = "fuse_reply_err")]
    public static partial int ReplyErr(nint req, Errno err);

    [LibraryImport(LibName, EntryPoint = "fuse_reply_none")]
    public static partial void ReplyNone(nint req);

    [LibraryImport(LibName, EntryPoint = "fuse_reply_entry")]
    public static partial int ReplyEntry(nint req, in fuse_entry_param e);

    [LibraryImport(LibName, EntryPoint = "fuse_reply_create")]
    public static partial int ReplyCreate(nint req, in fuse_entry_param e, fuse_file_info* fi);

    [LibraryImport(LibName, EntryPoint = "fuse_reply_attr")]
    public static partial int ReplyAttr(nint req, in stat attr, double attrTimeout);

    /// <param name="link">NUL-terminated UTF-8.</param>
    [LibraryImport(LibName, EntryPoint = "fuse_reply_readlink")]
    public static partial int ReplyReadlink(nint req, ReadOnlySpan<byte> link);

    [LibraryImport(LibName, EntryPoint = "fuse_reply_open")]
    public static partial int ReplyOpen(nint req, fuse_file_info* fi);

    [LibraryImport(LibName, EntryPoint = "fuse_reply_write")]
    public static partial int ReplyWrite(nint req, nuint count);

    /// <summary>Sends <paramref name="size"/> bytes straight from <paramref name="buf"/> (writev, no copy in libfuse).</summary>
    [LibraryImport(LibName, EntryPoint = "fuse_reply_buf")]
    public static partial int ReplyBuf(nint req, ReadOnlySpan<byte> buf, nuint size);

    /// <summary>Sends <paramref name="size"/> bytes of native memory at <paramref name="buf"/>.</summary>
    [LibraryImport(LibName, EntryPoint = "fuse_reply_buf")]
    public static partial int ReplyBuf(nint req, nint buf, nuint size);

    [LibraryImport(LibName, EntryPoint = "fuse_reply_statfs")]
    public static partial int ReplyStatfs(nint req, in statvfs stbuf);

    [LibraryImport(LibName, EntryPoint = "fuse_reply_xattr")]
    public static partial int ReplyXattr(nint req, nuint count);

    /// <param name="name">NUL-terminated UTF-8.</param>
    /// <returns>The space the entry needs; it was written only if that is &lt;= bufsize.</returns>
    [LibraryImport(LibName, EntryPoint = "fuse_add_direntry")]
    public static partial nuint AddDirentry(nint req, nint buf, nuint bufsize, ReadOnlySpan<byte> name, in stat stbuf, long off);

    /// <param name="name">NUL-terminated UTF-8.</param>
    /// <returns>The space the entry needs; it was written only if that is &lt;= bufsize.</returns>
    [LibraryImport(LibName, EntryPoint = "fuse_add_direntry_plus")]
    public static partial nuint AddDirentryPlus(nint req, nint buf, nuint bufsize, ReadOnlySpan<byte> name, in fuse_entry_param e, long off);

    [LibraryImport(LibName, EntryPoint = "fuse_req_userdata")]
    public static partial nint ReqUserdata(nint req);

    [LibraryImport(LibName, EntryPoint = "fuse_req_ctx")]
    public static partial fuse_ctx* ReqCtx(nint req);
}
