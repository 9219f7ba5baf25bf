using System.Runtime.InteropServices;
using System.Text;

namespace Famfs.Fuse.Interop;

/// <summary>Between the managed argument types and the native structs and strings.</summary>
internal static unsafe class NativeConversions
{
    /// <summary>Strict: a name that is not valid UTF-8 cannot round-trip through string, so it is rejected.</summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static stat ToStat(in FileAttributes a)
    {
        var result = new stat
        {
            st_ino = a.Inode,
            st_mode = (uint)a.Type | (uint)a.Permissions,
            st_nlink = a.LinkCount,
            st_uid = a.Uid,
            st_gid = a.Gid,
            st_rdev = a.DeviceNumber,
            st_size = a.Size,
            st_blksize = a.BlockSize,
            st_blocks = a.Blocks ?? (a.Size + 511) / 512,
        };
        (result.st_atim_tv_sec, result.st_atim_tv_nsec) = ToTimespec(a.AccessTime);
        (result.st_mtim_tv_sec, result.st_mtim_tv_nsec) = ToTimespec(a.ModifyTime);
        (result.st_ctim_tv_sec, result.st_ctim_tv_nsec) = ToTimespec(a.ChangeTime);
        return result;
    }

    public static fuse_entry_param ToEntryParam(in FuseEntry entry, double attrTimeout, double entryTimeout) => new()
    {
        ino = entry.Inode,
        generation = entry.Generation,
        attr = ToStat(entry.Attributes),
        attr_timeout = attrTimeout,
        entry_timeout = entryTimeout,
    };

    public static statvfs ToStatvfs(in FileSystemStatistics s) => new()
    {
        f_bsize = (ulong)s.BlockSize,
        f_frsize = (ulong)s.BlockSize,
        f_blocks = s.TotalBlocks,
        f_bfree = s.FreeBlocks,
        f_bavail = s.AvailableBlocks,
        f_files = s.TotalFiles,
        f_ffree = s.FreeFiles,
        f_favail = s.FreeFiles,
        f_namemax = s.MaxNameLength,
    };

    public static (long Seconds, long Nanoseconds) ToTimespec(DateTimeOffset time)
    {
        var sinceEpoch = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var seconds = Math.DivRem(sinceEpoch, TimeSpan.TicksPerSecond, out var ticks);
        if (ticks < 0)
        {
            seconds--;
            ticks += TimeSpan.TicksPerSecond;
        }

        return (seconds, ticks * TimeSpan.NanosecondsPerTick);
    }

    public static DateTimeOffset FromTimespec(long seconds, long nanoseconds) =>
        DateTimeOffset.UnixEpoch.AddTicks(seconds * TimeSpan.TicksPerSecond + nanoseconds / TimeSpan.NanosecondsPerTick);

    /// <summary>Who sent <paramref name="req"/>, from its fuse_ctx.</summary>
    public static FuseRequest ToRequest(nint req)
    {
        var ctx = Libfuse.ReqCtx(req);
        return new FuseRequest(ctx->uid, ctx->gid, ctx->pid, ctx->umask);
    }

    /// <summary>A NUL-terminated name or path from libfuse.</summary>
    public static string DecodeName(byte* name)
    {
        var bytes = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(name);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new FuseException(Errno.EINVAL, "a file name is not valid UTF-8");
        }
    }

    /// <summary>UTF-8 with a terminating NUL, for fuse_reply_readlink and fuse_add_direntry.</summary>
    public static byte[] EncodeCString(string value)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        return bytes;
    }
}
