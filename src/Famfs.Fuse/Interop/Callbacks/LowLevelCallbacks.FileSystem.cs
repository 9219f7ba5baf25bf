using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Famfs.Fuse.Interop;

/// <summary>statfs and extended attributes.</summary>
internal static unsafe partial class LowLevelCallbacks
{
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void StatFs(nint req, ulong ino)
    {
        try
        {
            var context = MountContext.Of(req);
            var stats = NativeConversions.ToStatvfs(context.FileSystem.StatFs(NativeConversions.ToRequest(req), ino));
            context.Log.Replied(Libfuse.ReplyStatfs(req, stats), "statfs");
        }
        catch (Exception e)
        {
            Fail(req, e, "statfs");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void GetXattr(nint req, ulong ino, byte* name, nuint size)
    {
        try
        {
            var context = MountContext.Of(req);
            var value = context.FileSystem.GetXattr(NativeConversions.ToRequest(req), ino, NativeConversions.DecodeName(name));
            ReplyXattr(req, context, value, size, "getxattr");
        }
        catch (Exception e)
        {
            Fail(req, e, "getxattr");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void ListXattr(nint req, ulong ino, nuint size)
    {
        try
        {
            var context = MountContext.Of(req);
            var names = context.FileSystem.ListXattr(NativeConversions.ToRequest(req), ino);
            // The list is each name followed by a NUL.
            var list = Encoding.UTF8.GetBytes(string.Concat(names.Select(n => n + "\0")));
            ReplyXattr(req, context, list, size, "listxattr");
        }
        catch (Exception e)
        {
            Fail(req, e, "listxattr");
        }
    }

    /// <summary>The xattr protocol: size 0 asks only for the length; a smaller buffer is ERANGE.</summary>
    private static void ReplyXattr(nint req, MountContext context, byte[] value, nuint size, string operation) =>
        context.Log.Replied(
            size == 0 ? Libfuse.ReplyXattr(req, (nuint)value.Length)
            : (nuint)value.Length > size ? Libfuse.ReplyErr(req, Errno.ERANGE)
            : Libfuse.ReplyBuf(req, value, (nuint)value.Length),
            operation);
}
