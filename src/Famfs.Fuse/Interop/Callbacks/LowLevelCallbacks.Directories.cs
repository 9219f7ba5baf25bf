using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Famfs.Fuse.Interop;

/// <summary>Directory handles and listings (readdir and readdirplus share one path).</summary>
internal static unsafe partial class LowLevelCallbacks
{
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OpenDir(nint req, ulong ino, fuse_file_info* fi)
    {
        try
        {
            var context = MountContext.Of(req);
            if (context.StatelessDirectories)
            {
                // Not an error: "open it yourself from now on" (see FuseMountOptions.StatelessDirectories).
                context.Log.Replied(Libfuse.ReplyErr(req, Errno.ENOSYS), "opendir");
                return;
            }

            ReplyOpen(req, context, fi, context.FileSystem.OpenDir(NativeConversions.ToRequest(req), ino), "opendir");
        }
        catch (Exception e)
        {
            Fail(req, e, "opendir");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void ReadDir(nint req, ulong ino, nuint size, long off, fuse_file_info* fi) =>
        List(req, ino, size, off, fi, plus: false);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void ReadDirPlus(nint req, ulong ino, nuint size, long off, fuse_file_info* fi) =>
        List(req, ino, size, off, fi, plus: true);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void ReleaseDir(nint req, ulong ino, fuse_file_info* fi)
    {
        try
        {
            var context = MountContext.Of(req);
            context.FileSystem.ReleaseDir(NativeConversions.ToRequest(req), ino, fi->fh);
            ReplyOk(req, context, "releasedir");
        }
        catch (Exception e)
        {
            Fail(req, e, "releasedir");
        }
    }

    /// <summary>
    /// The buffer is native memory of the size the kernel asked for (a page or a few), filled
    /// in place by fuse_add_direntry(_plus) and sent with one fuse_reply_buf.
    /// </summary>
    private static void List(nint req, ulong ino, nuint size, long off, fuse_file_info* fi, bool plus)
    {
        var operation = plus ? "readdirplus" : "readdir";
        var buffer = (nint)NativeMemory.Alloc(size);
        try
        {
            var context = MountContext.Of(req);
            nuint used = 0;
            var writer = new DirectoryWriter(req, buffer, size, plus, context.AttrTimeout, context.EntryTimeout, ref used);
            context.FileSystem.ReadDir(NativeConversions.ToRequest(req), ino, fi->fh, off, writer);
            context.Log.Replied(Libfuse.ReplyBuf(req, buffer, used), operation);
        }
        catch (Exception e)
        {
            Fail(req, e, operation);
        }
        finally
        {
            NativeMemory.Free((void*)buffer);
        }
    }
}
