using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Famfs.Fuse.Interop;

/// <summary>statfs and extended attributes.</summary>
internal static unsafe partial class LowLevelCallbacks
{
    /// <summary>ERANGE: the caller's xattr buffer is too small.</summary>
    private const int ERANGE = 34;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void StatFs(nint req, ulong ino)
    {
        try
        {
            var stats = NativeConversions.ToStatvfs(MountContext.Of(req).FileSystem.StatFs(FuseRequest.From(req), ino));
            Libfuse.ReplyStatfs(req, &stats);
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
            var value = MountContext.Of(req).FileSystem.GetXattr(FuseRequest.From(req), ino, NativeConversions.DecodeName(name));
            ReplyXattr(req, value, size);
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
            var names = MountContext.Of(req).FileSystem.ListXattr(FuseRequest.From(req), ino);
            // The list is each name followed by a NUL.
            var list = Encoding.UTF8.GetBytes(string.Concat(names.Select(n => n + "\0")));
            ReplyXattr(req, list, size);
        }
        catch (Exception e)
        {
            Fail(req, e, "listxattr");
        }
    }

    /// <summary>The xattr protocol: size 0 asks only for the length; a smaller buffer is ERANGE.</summary>
    private static void ReplyXattr(nint req, byte[] value, nuint size)
    {
        if (size == 0)
        {
            Libfuse.ReplyXattr(req, (nuint)value.Length);
        }
        else if ((nuint)value.Length > size)
        {
            Libfuse.ReplyErr(req, ERANGE);
        }
        else
        {
            fixed (byte* p = value)
            {
                Libfuse.ReplyBuf(req, p, (nuint)value.Length);
            }
        }
    }
}
