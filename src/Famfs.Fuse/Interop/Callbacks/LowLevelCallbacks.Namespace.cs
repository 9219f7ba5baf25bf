using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Famfs.Fuse.Interop;

/// <summary>Requests that change the name space: create, mknod, mkdir, unlink, rmdir, rename, link, symlink.</summary>
internal static unsafe partial class LowLevelCallbacks
{
    private const uint FileTypeMask = 0xF000;

    private const uint PermissionMask = 0xFFF;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Create(nint req, ulong parent, byte* name, uint mode, fuse_file_info* fi)
    {
        try
        {
            var context = MountContext.Of(req);
            var (entry, open) = context.FileSystem.Create(
                NativeConversions.ToRequest(req), parent, NativeConversions.DecodeName(name), (UnixFileMode)(mode & PermissionMask), fi->flags);
            var param = NativeConversions.ToEntryParam(entry, context.AttrTimeout, context.EntryTimeout);
            Apply(fi, open);
            if (!context.Log.Replied(Libfuse.ReplyCreate(req, param, fi), "create"))
            {
                // libfuse has already sent the matching release for the unanswered open.
                ForgetUnreplied(context, entry.Inode);
            }
        }
        catch (Exception e)
        {
            Fail(req, e, "create");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Mknod(nint req, ulong parent, byte* name, uint mode, ulong rdev)
    {
        try
        {
            var context = MountContext.Of(req);
            var entry = context.FileSystem.Mknod(NativeConversions.ToRequest(req), parent, NativeConversions.DecodeName(name),
                (FileType)(mode & FileTypeMask), (UnixFileMode)(mode & PermissionMask), rdev);
            ReplyEntry(req, context, entry, "mknod");
        }
        catch (Exception e)
        {
            Fail(req, e, "mknod");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Mkdir(nint req, ulong parent, byte* name, uint mode)
    {
        try
        {
            var context = MountContext.Of(req);
            var entry = context.FileSystem.Mkdir(NativeConversions.ToRequest(req), parent, NativeConversions.DecodeName(name), (UnixFileMode)(mode & PermissionMask));
            ReplyEntry(req, context, entry, "mkdir");
        }
        catch (Exception e)
        {
            Fail(req, e, "mkdir");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Unlink(nint req, ulong parent, byte* name)
    {
        try
        {
            var context = MountContext.Of(req);
            context.FileSystem.Unlink(NativeConversions.ToRequest(req), parent, NativeConversions.DecodeName(name));
            ReplyOk(req, context, "unlink");
        }
        catch (Exception e)
        {
            Fail(req, e, "unlink");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Rmdir(nint req, ulong parent, byte* name)
    {
        try
        {
            var context = MountContext.Of(req);
            context.FileSystem.Rmdir(NativeConversions.ToRequest(req), parent, NativeConversions.DecodeName(name));
            ReplyOk(req, context, "rmdir");
        }
        catch (Exception e)
        {
            Fail(req, e, "rmdir");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Rename(nint req, ulong parent, byte* name, ulong newparent, byte* newname, RenameFlags flags)
    {
        try
        {
            var context = MountContext.Of(req);
            context.FileSystem.Rename(NativeConversions.ToRequest(req), parent, NativeConversions.DecodeName(name),
                newparent, NativeConversions.DecodeName(newname), flags);
            ReplyOk(req, context, "rename");
        }
        catch (Exception e)
        {
            Fail(req, e, "rename");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Link(nint req, ulong ino, ulong newparent, byte* newname)
    {
        try
        {
            var context = MountContext.Of(req);
            var entry = context.FileSystem.Link(NativeConversions.ToRequest(req), ino, newparent, NativeConversions.DecodeName(newname));
            ReplyEntry(req, context, entry, "link");
        }
        catch (Exception e)
        {
            Fail(req, e, "link");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Symlink(nint req, byte* link, ulong parent, byte* name)
    {
        try
        {
            var context = MountContext.Of(req);
            var entry = context.FileSystem.Symlink(NativeConversions.ToRequest(req), NativeConversions.DecodeName(link), parent, NativeConversions.DecodeName(name));
            ReplyEntry(req, context, entry, "symlink");
        }
        catch (Exception e)
        {
            Fail(req, e, "symlink");
        }
    }
}
