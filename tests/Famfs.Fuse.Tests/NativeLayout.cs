using Famfs.Fuse.Interop;

namespace Famfs.Fuse.Tests;

/// <summary>
/// The C# side of Native/layout_probe.c: the same "name value" pairs, computed from our
/// structs by pointer arithmetic (which, unlike Marshal.OffsetOf, also works on the
/// function-pointer fields of fuse_lowlevel_ops).
/// </summary>
internal static unsafe class NativeLayout
{
    public static Dictionary<string, long> Describe()
    {
        var d = new Dictionary<string, long>();

        stat st;
        var s = (byte*)&st;
        d["sizeof stat"] = sizeof(stat);
        d["stat.st_dev"] = (byte*)&st.st_dev - s;
        d["stat.st_ino"] = (byte*)&st.st_ino - s;
        d["stat.st_nlink"] = (byte*)&st.st_nlink - s;
        d["stat.st_mode"] = (byte*)&st.st_mode - s;
        d["stat.st_uid"] = (byte*)&st.st_uid - s;
        d["stat.st_gid"] = (byte*)&st.st_gid - s;
        d["stat.st_rdev"] = (byte*)&st.st_rdev - s;
        d["stat.st_size"] = (byte*)&st.st_size - s;
        d["stat.st_blksize"] = (byte*)&st.st_blksize - s;
        d["stat.st_blocks"] = (byte*)&st.st_blocks - s;
        d["stat.st_atim.tv_sec"] = (byte*)&st.st_atim_tv_sec - s;
        d["stat.st_atim.tv_nsec"] = (byte*)&st.st_atim_tv_nsec - s;
        d["stat.st_mtim.tv_sec"] = (byte*)&st.st_mtim_tv_sec - s;
        d["stat.st_mtim.tv_nsec"] = (byte*)&st.st_mtim_tv_nsec - s;
        d["stat.st_ctim.tv_sec"] = (byte*)&st.st_ctim_tv_sec - s;
        d["stat.st_ctim.tv_nsec"] = (byte*)&st.st_ctim_tv_nsec - s;

        statvfs vfs;
        var v = (byte*)&vfs;
        d["sizeof statvfs"] = sizeof(statvfs);
        d["statvfs.f_bsize"] = (byte*)&vfs.f_bsize - v;
        d["statvfs.f_frsize"] = (byte*)&vfs.f_frsize - v;
        d["statvfs.f_blocks"] = (byte*)&vfs.f_blocks - v;
        d["statvfs.f_bfree"] = (byte*)&vfs.f_bfree - v;
        d["statvfs.f_bavail"] = (byte*)&vfs.f_bavail - v;
        d["statvfs.f_files"] = (byte*)&vfs.f_files - v;
        d["statvfs.f_ffree"] = (byte*)&vfs.f_ffree - v;
        d["statvfs.f_favail"] = (byte*)&vfs.f_favail - v;
        d["statvfs.f_fsid"] = (byte*)&vfs.f_fsid - v;
        d["statvfs.f_flag"] = (byte*)&vfs.f_flag - v;
        d["statvfs.f_namemax"] = (byte*)&vfs.f_namemax - v;

        fuse_entry_param e;
        var ep = (byte*)&e;
        d["sizeof fuse_entry_param"] = sizeof(fuse_entry_param);
        d["fuse_entry_param.ino"] = (byte*)&e.ino - ep;
        d["fuse_entry_param.generation"] = (byte*)&e.generation - ep;
        d["fuse_entry_param.attr"] = (byte*)&e.attr - ep;
        d["fuse_entry_param.attr_timeout"] = (byte*)&e.attr_timeout - ep;
        d["fuse_entry_param.entry_timeout"] = (byte*)&e.entry_timeout - ep;

        fuse_file_info fi;
        var f = (byte*)&fi;
        d["sizeof fuse_file_info"] = sizeof(fuse_file_info);
        d["fuse_file_info.flags"] = (byte*)&fi.flags - f;
        d["fuse_file_info.fh"] = (byte*)&fi.fh - f;
        d["fuse_file_info.lock_owner"] = (byte*)&fi.lock_owner - f;
        d["fuse_file_info.poll_events"] = (byte*)&fi.poll_events - f;
        // The C probe reads the bitfield word right after flags, where `bits` must sit.
        Assert.Equal(sizeof(int), (byte*)&fi.bits - f);
        d["bit fuse_file_info.writepage"] = (long)FileInfoBits.Writepage;
        d["bit fuse_file_info.direct_io"] = (long)FileInfoBits.DirectIo;
        d["bit fuse_file_info.keep_cache"] = (long)FileInfoBits.KeepCache;
        d["bit fuse_file_info.flush"] = (long)FileInfoBits.Flush;
        d["bit fuse_file_info.nonseekable"] = (long)FileInfoBits.Nonseekable;
        d["bit fuse_file_info.flock_release"] = (long)FileInfoBits.FlockRelease;
        d["bit fuse_file_info.cache_readdir"] = (long)FileInfoBits.CacheReaddir;
        d["bit fuse_file_info.noflush"] = (long)FileInfoBits.Noflush;

        fuse_ctx ctx;
        var c = (byte*)&ctx;
        d["sizeof fuse_ctx"] = sizeof(fuse_ctx);
        d["fuse_ctx.uid"] = (byte*)&ctx.uid - c;
        d["fuse_ctx.gid"] = (byte*)&ctx.gid - c;
        d["fuse_ctx.pid"] = (byte*)&ctx.pid - c;
        d["fuse_ctx.umask"] = (byte*)&ctx.umask - c;

        fuse_args args;
        var a = (byte*)&args;
        d["sizeof fuse_args"] = sizeof(fuse_args);
        d["fuse_args.argc"] = (byte*)&args.argc - a;
        d["fuse_args.argv"] = (byte*)&args.argv - a;
        d["fuse_args.allocated"] = (byte*)&args.allocated - a;

        DescribeOps(d);

        d["sizeof fuse_ino_t"] = sizeof(ulong);
        d["sizeof off_t"] = sizeof(long);
        d["sizeof mode_t"] = sizeof(uint);
        d["sizeof dev_t"] = sizeof(ulong);
        return d;
    }

    private static void DescribeOps(Dictionary<string, long> d)
    {
        fuse_lowlevel_ops ops;
        var o = (byte*)&ops;
        d["sizeof fuse_lowlevel_ops"] = sizeof(fuse_lowlevel_ops);
        d["fuse_lowlevel_ops.lookup"] = (byte*)&ops.lookup - o;
        d["fuse_lowlevel_ops.forget"] = (byte*)&ops.forget - o;
        d["fuse_lowlevel_ops.getattr"] = (byte*)&ops.getattr - o;
        d["fuse_lowlevel_ops.setattr"] = (byte*)&ops.setattr - o;
        d["fuse_lowlevel_ops.readlink"] = (byte*)&ops.readlink - o;
        d["fuse_lowlevel_ops.mknod"] = (byte*)&ops.mknod - o;
        d["fuse_lowlevel_ops.mkdir"] = (byte*)&ops.mkdir - o;
        d["fuse_lowlevel_ops.unlink"] = (byte*)&ops.unlink - o;
        d["fuse_lowlevel_ops.rmdir"] = (byte*)&ops.rmdir - o;
        d["fuse_lowlevel_ops.symlink"] = (byte*)&ops.symlink - o;
        d["fuse_lowlevel_ops.rename"] = (byte*)&ops.rename - o;
        d["fuse_lowlevel_ops.link"] = (byte*)&ops.link - o;
        d["fuse_lowlevel_ops.open"] = (byte*)&ops.open - o;
        d["fuse_lowlevel_ops.read"] = (byte*)&ops.read - o;
        d["fuse_lowlevel_ops.write"] = (byte*)&ops.write - o;
        d["fuse_lowlevel_ops.flush"] = (byte*)&ops.flush - o;
        d["fuse_lowlevel_ops.release"] = (byte*)&ops.release - o;
        d["fuse_lowlevel_ops.fsync"] = (byte*)&ops.fsync - o;
        d["fuse_lowlevel_ops.opendir"] = (byte*)&ops.opendir - o;
        d["fuse_lowlevel_ops.readdir"] = (byte*)&ops.readdir - o;
        d["fuse_lowlevel_ops.releasedir"] = (byte*)&ops.releasedir - o;
        d["fuse_lowlevel_ops.statfs"] = (byte*)&ops.statfs - o;
        d["fuse_lowlevel_ops.getxattr"] = (byte*)&ops.getxattr - o;
        d["fuse_lowlevel_ops.listxattr"] = (byte*)&ops.listxattr - o;
        d["fuse_lowlevel_ops.create"] = (byte*)&ops.create - o;
        d["fuse_lowlevel_ops.readdirplus"] = (byte*)&ops.readdirplus - o;
    }
}
