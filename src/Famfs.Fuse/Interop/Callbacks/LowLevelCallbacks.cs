namespace Famfs.Fuse.Interop;

/// <summary>
/// The [UnmanagedCallersOnly] functions libfuse calls, one per request type, split over the
/// LowLevelCallbacks.*.cs files. Each one finds its <see cref="MountContext"/> (before
/// replying: a reply frees the request), calls the managed file system and replies exactly
/// once, checking what the reply returned. No exception may unwind into libfuse (the runtime
/// would abort the process), so every callback catches everything and answers with <see cref="Fail"/>.
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

    /// <summary>Answers a request whose handler threw: its errno, the file system's translation, or EIO (and a log line).</summary>
    private static void Fail(nint req, Exception error, string operation)
    {
        var context = MountContext.Of(req);
        context.Log.Replied(Libfuse.ReplyErr(req, context.Log.ToErrno(context.FileSystem, error, operation)), operation);
    }

    /// <summary>Replies with an entry; if the kernel never got it, returns the lookup it would have counted.</summary>
    private static void ReplyEntry(nint req, MountContext context, in FuseEntry entry, string operation)
    {
        var param = NativeConversions.ToEntryParam(entry, context.AttrTimeout, context.EntryTimeout);
        if (!context.Log.Replied(Libfuse.ReplyEntry(req, param), operation))
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
            context.Log.Write($"forget of unanswered entry {inode} failed: {e}");
        }
    }

    private static void ReplyAttr(nint req, MountContext context, in FileAttributes attributes, string operation) =>
        context.Log.Replied(Libfuse.ReplyAttr(req, NativeConversions.ToStat(attributes), context.AttrTimeout), operation);

    private static void ReplyOpen(nint req, MountContext context, fuse_file_info* fi, in OpenResult result, string operation)
    {
        Apply(fi, result);
        context.Log.Replied(Libfuse.ReplyOpen(req, fi), operation);
    }

    private static void Apply(fuse_file_info* fi, in OpenResult result)
    {
        fi->fh = result.Handle;
        fi->bits = SetBit(fi->bits, FileInfoBits.DirectIo, result.DirectIo);
        fi->bits = SetBit(fi->bits, FileInfoBits.KeepCache, result.KeepCache);
        fi->bits = SetBit(fi->bits, FileInfoBits.Nonseekable, result.NonSeekable);
        fi->bits = SetBit(fi->bits, FileInfoBits.CacheReaddir, result.CacheReaddir);
    }

    private static FileInfoBits SetBit(FileInfoBits bits, FileInfoBits bit, bool on) => on ? bits | bit : bits & ~bit;

    private static ulong? HandleOf(fuse_file_info* fi) => fi is null ? null : fi->fh;

    private static void ReplyOk(nint req, MountContext context, string operation) =>
        context.Log.Replied(Libfuse.ReplyErr(req, Errno.None), operation);
}
