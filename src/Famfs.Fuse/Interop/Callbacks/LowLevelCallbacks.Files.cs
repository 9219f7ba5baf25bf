using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Famfs.Fuse.Interop;

/// <summary>Open files: open, read, write, flush, release, fsync.</summary>
internal static unsafe partial class LowLevelCallbacks
{
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Open(nint req, ulong ino, fuse_file_info* fi)
    {
        try
        {
            var context = MountContext.Of(req);
            ReplyOpen(req, context, fi, context.FileSystem.Open(NativeConversions.ToRequest(req), ino, fi->flags), "open");
        }
        catch (Exception e)
        {
            Fail(req, e, "open");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Read(nint req, ulong ino, nuint size, long off, fuse_file_info* fi)
    {
        var sent = false;
        var context = MountContext.Of(req);
        try
        {
            var reply = new ReadReply(req, context.Log, ref sent);
            context.FileSystem.Read(NativeConversions.ToRequest(req), ino, fi->fh, off, (int)Math.Min(size, int.MaxValue), reply);
            if (!sent)
            {
                throw new InvalidOperationException($"Read of inode {ino} returned without replying");
            }
        }
        catch (Exception e)
        {
            if (sent)
            {
                // The reply is out and the request is gone: answering again would reuse freed memory.
                context.Log.Write($"read of inode {ino} failed after replying: {e}");
            }
            else
            {
                Fail(req, e, "read");
            }
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Write(nint req, ulong ino, byte* buf, nuint size, long off, fuse_file_info* fi)
    {
        try
        {
            var context = MountContext.Of(req);
            var data = new ReadOnlySpan<byte>(buf, checked((int)size));
            var written = context.FileSystem.Write(NativeConversions.ToRequest(req), ino, fi->fh, data, off);
            context.Log.Replied(Libfuse.ReplyWrite(req, (nuint)written), "write");
        }
        catch (Exception e)
        {
            Fail(req, e, "write");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Flush(nint req, ulong ino, fuse_file_info* fi)
    {
        try
        {
            var context = MountContext.Of(req);
            context.FileSystem.Flush(NativeConversions.ToRequest(req), ino, fi->fh);
            ReplyOk(req, context, "flush");
        }
        catch (Exception e)
        {
            Fail(req, e, "flush");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Release(nint req, ulong ino, fuse_file_info* fi)
    {
        try
        {
            var context = MountContext.Of(req);
            context.FileSystem.Release(NativeConversions.ToRequest(req), ino, fi->fh);
            ReplyOk(req, context, "release");
        }
        catch (Exception e)
        {
            Fail(req, e, "release");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Fsync(nint req, ulong ino, int datasync, fuse_file_info* fi)
    {
        try
        {
            var context = MountContext.Of(req);
            context.FileSystem.Fsync(NativeConversions.ToRequest(req), ino, fi->fh, datasync != 0);
            ReplyOk(req, context, "fsync");
        }
        catch (Exception e)
        {
            Fail(req, e, "fsync");
        }
    }
}
