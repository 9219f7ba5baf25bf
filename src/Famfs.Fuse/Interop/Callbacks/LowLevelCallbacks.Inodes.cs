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
            var entry = context.FileSystem.Lookup(FuseRequest.From(req), parent, NativeConversions.DecodeName(name));
            if (entry is { } found)
            {
                ReplyEntry(req, context, found);
            }
            else if (context.NegativeTimeout > 0)
            {
                // ino 0 is a negative entry the kernel may cache for entry_timeout.
                var negative = new fuse_entry_param { entry_timeout = context.NegativeTimeout };
                Libfuse.ReplyEntry(req, &negative);
            }
            else
            {
                Libfuse.ReplyErr(req, (int)Errors.Errno.ENOENT);
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
        try
        {
            MountContext.Of(req).FileSystem.Forget(ino, nlookup);
        }
        catch (Exception e)
        {
            FuseErrors.Log($"famfs-fuse: forget of {ino} failed: {e}");
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
            ReplyAttr(req, context, context.FileSystem.GetAttr(FuseRequest.From(req), ino, HandleOf(fi)));
        }
        catch (Exception e)
        {
            Fail(req, e, "getattr");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void SetAttr(nint req, ulong ino, stat* attr, int toSet, fuse_file_info* fi)
    {
        try
        {
            var context = MountContext.Of(req);
            var changes = SetAttrFlags.ToChanges(attr, toSet);
            ReplyAttr(req, context, context.FileSystem.SetAttr(FuseRequest.From(req), ino, changes, HandleOf(fi)));
        }
        catch (Exception e)
        {
            Fail(req, e, "setattr");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Access(nint req, ulong ino, int mask)
    {
        try
        {
            MountContext.Of(req).FileSystem.Access(FuseRequest.From(req), ino, mask);
            ReplyOk(req);
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
            var target = MountContext.Of(req).FileSystem.ReadLink(FuseRequest.From(req), ino);
            fixed (byte* link = NativeConversions.EncodeCString(target))
            {
                Libfuse.ReplyReadlink(req, link);
            }
        }
        catch (Exception e)
        {
            Fail(req, e, "readlink");
        }
    }
}
