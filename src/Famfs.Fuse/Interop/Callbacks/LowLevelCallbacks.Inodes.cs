using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Famfs.Fuse.Interop;

/// <summary>Lookup, forget, attributes and access(2).</summary>
internal static unsafe partial class LowLevelCallbacks
{
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Lookup(nint req, ulong parent, byte* name)
    {
        try
        {
            var context = MountContext.Of(req);
            var entry = context.FileSystem.Lookup(NativeConversions.ToRequest(req), parent, NativeConversions.DecodeName(name));
            if (entry is { } found)
            {
                ReplyEntry(req, context, found, "lookup");
            }
            else if (context.NegativeTimeout > 0)
            {
                // ino 0 is a negative entry the kernel may cache for entry_timeout.
                context.Log.Replied(Libfuse.ReplyEntry(req, new fuse_entry_param { entry_timeout = context.NegativeTimeout }), "lookup");
            }
            else
            {
                context.Log.Replied(Libfuse.ReplyErr(req, Errno.ENOENT), "lookup");
            }
        }
        catch (Exception e)
        {
            Fail(req, e, "lookup");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Forget(nint req, ulong ino, ulong nlookup)
    {
        var context = MountContext.Of(req);
        try
        {
            context.FileSystem.Forget(ino, nlookup);
        }
        catch (Exception e)
        {
            context.Log.Write($"forget of {ino} failed: {e}");
        }
        finally
        {
            Libfuse.ReplyNone(req);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void GetAttr(nint req, ulong ino, fuse_file_info* fi)
    {
        try
        {
            var context = MountContext.Of(req);
            ReplyAttr(req, context, context.FileSystem.GetAttr(NativeConversions.ToRequest(req), ino, HandleOf(fi)), "getattr");
        }
        catch (Exception e)
        {
            Fail(req, e, "getattr");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void SetAttr(nint req, ulong ino, stat* attr, SetAttrFields toSet, fuse_file_info* fi)
    {
        try
        {
            var context = MountContext.Of(req);
            var changes = SetAttrDecoding.ToChanges(*attr, toSet);
            ReplyAttr(req, context, context.FileSystem.SetAttr(NativeConversions.ToRequest(req), ino, changes, HandleOf(fi)), "setattr");
        }
        catch (Exception e)
        {
            Fail(req, e, "setattr");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Access(nint req, ulong ino, AccessModes mask)
    {
        try
        {
            var context = MountContext.Of(req);
            context.FileSystem.Access(NativeConversions.ToRequest(req), ino, mask);
            ReplyOk(req, context, "access");
        }
        catch (Exception e)
        {
            Fail(req, e, "access");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void ReadLink(nint req, ulong ino)
    {
        try
        {
            var context = MountContext.Of(req);
            var target = context.FileSystem.ReadLink(NativeConversions.ToRequest(req), ino);
            context.Log.Replied(Libfuse.ReplyReadlink(req, NativeConversions.EncodeCString(target)), "readlink");
        }
        catch (Exception e)
        {
            Fail(req, e, "readlink");
        }
    }
}
