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
            var result = MountContext.Of(req).FileSystem.Open(FuseRequest.From(req), ino, fi->flags);
            ReplyOpen(req, fi, result);
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
        try
        {
            var reply = new ReadReply(req, ref sent);
            MountContext.Of(req).FileSystem.Read(FuseRequest.From(req), ino, fi->fh, off, (int)Math.Min(size, int.MaxValue), reply);
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
                FuseErrors.Log($"famfs-fuse: read of inode {ino} failed after replying: {e}");
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
            var data = new ReadOnlySpan<byte>(buf, checked((int)size));
            var written = MountContext.Of(req).FileSystem.Write(FuseRequest.From(req), ino, fi->fh, data, off);
            Libfuse.ReplyWrite(req, (nuint)written);
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
            MountContext.Of(req).FileSystem.Flush(FuseRequest.From(req), ino, fi->fh);
            ReplyOk(req);
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
            MountContext.Of(req).FileSystem.Release(FuseRequest.From(req), ino, fi->fh);
            ReplyOk(req);
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
            MountContext.Of(req).FileSystem.Fsync(FuseRequest.From(req), ino, fi->fh, datasync != 0);
            ReplyOk(req);
        }
        catch (Exception e)
        {
            Fail(req, e, "fsync");
        }
    }
}
