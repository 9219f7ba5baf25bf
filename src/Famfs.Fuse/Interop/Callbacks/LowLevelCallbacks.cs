namespace Famfs.Fuse.Interop;

/// <summary>
/// The [UnmanagedCallersOnly] functions libfuse calls, one per request type, split over the
/// LowLevelCallbacks.*.cs files. Each one finds its <see cref="MountContext"/>, calls the
/// managed file system and replies exactly once. No exception may unwind into libfuse (the
/// runtime would abort the process), so every callback catches everything and answers with
/// <see cref="Fail"/>.
/// </summary>
internal static unsafe partial class LowLevelCallbacks
{
    /// <summary>The operations table handed to fuse_session_new.</summary>
    public static fuse_lowlevel_ops Table(bool readDirPlus) => new()
    {
        lookup = &Lookup,
        forget = &Forget,
        getattr = &GetAttr,
        setattr = &SetAttr,
        readlink = &ReadLink,
        mknod = &Mknod,
        mkdir = &Mkdir,
        unlink = &Unlink,
        rmdir = &Rmdir,
        symlink = &Symlink,
        rename = &Rename,
        link = &Link,
        open = &Open,
        read = &Read,
        write = &Write,
        flush = &Flush,
        release = &Release,
        fsync = &Fsync,
        opendir = &OpenDir,
        readdir = &ReadDir,
        releasedir = &ReleaseDir,
        statfs = &StatFs,
        getxattr = &GetXattr,
        listxattr = &ListXattr,
        access = &Access,
        create = &Create,
        // libfuse turns READDIRPLUS on whenever this slot is filled.
        readdirplus = readDirPlus ? &ReadDirPlus : null,
    };

    /// <summary>Answers a request whose handler threw: -errno for famfs errors, EIO (and a log line) otherwise.</summary>
    private static void Fail(nint req, Exception error, string operation) =>
        Libfuse.ReplyErr(req, (int)FuseErrors.ToErrno(error, operation));

    /// <summary>Replies with an entry; if the kernel never got it, returns the lookup it would have counted.</summary>
    private static void ReplyEntry(nint req, MountContext context, in FuseEntry entry)
    {
        var param = NativeConversions.ToEntryParam(entry, context.AttrTimeout, context.EntryTimeout);
        if (Libfuse.ReplyEntry(req, &param) != 0)
        {
            ForgetUnreplied(context, entry.Inode);
        }
    }

    /// <summary>After the reply is gone nothing may reply again, so a throwing Forget is only logged.</summary>
    private static void ForgetUnreplied(MountContext context, ulong inode)
    {
        try
        {
            context.FileSystem.Forget(inode, 1);
        }
        catch (Exception e)
        {
            FuseErrors.Log($"famfs-fuse: forget of unanswered entry {inode} failed: {e}");
        }
    }

    private static void ReplyAttr(nint req, MountContext context, in FileAttributes attributes)
    {
        var attr = NativeConversions.ToStat(attributes);
        Libfuse.ReplyAttr(req, &attr, context.AttrTimeout);
    }

    private static void ReplyOpen(nint req, fuse_file_info* fi, in OpenResult result)
    {
        Apply(fi, result);
        Libfuse.ReplyOpen(req, fi);
    }

    private static void Apply(fuse_file_info* fi, in OpenResult result)
    {
        fi->fh = result.Handle;
        fi->bits = SetBit(fi->bits, fuse_file_info.direct_io, result.DirectIo);
        fi->bits = SetBit(fi->bits, fuse_file_info.keep_cache, result.KeepCache);
        fi->bits = SetBit(fi->bits, fuse_file_info.nonseekable, result.NonSeekable);
        fi->bits = SetBit(fi->bits, fuse_file_info.cache_readdir, result.CacheReaddir);
    }

    private static uint SetBit(uint bits, uint mask, bool on) => on ? bits | mask : bits & ~mask;

    private static ulong? HandleOf(fuse_file_info* fi) => fi is null ? null : fi->fh;

    private static void ReplyOk(nint req) => Libfuse.ReplyErr(req, 0);
}
