namespace Famfs.Fuse.Interop;

/// <summary>The FUSE_SET_ATTR_* bits of setattr's to_set (fuse_lowlevel.h) and their decoding.</summary>
internal static unsafe class SetAttrFlags
{
    public const int FUSE_SET_ATTR_MODE = 1 << 0;
    public const int FUSE_SET_ATTR_UID = 1 << 1;
    public const int FUSE_SET_ATTR_GID = 1 << 2;
    public const int FUSE_SET_ATTR_SIZE = 1 << 3;
    public const int FUSE_SET_ATTR_ATIME = 1 << 4;
    public const int FUSE_SET_ATTR_MTIME = 1 << 5;
    public const int FUSE_SET_ATTR_ATIME_NOW = 1 << 7;
    public const int FUSE_SET_ATTR_MTIME_NOW = 1 << 8;
    public const int FUSE_SET_ATTR_CTIME = 1 << 10;

    /// <summary>Permission bits of st_mode (07777): the type bits are not changeable.</summary>
    private const uint PermissionMask = 0xFFF;

    public static AttributeChanges ToChanges(stat* attr, int toSet)
    {
        var now = DateTimeOffset.UtcNow;
        return new AttributeChanges(
            Permissions: Has(toSet, FUSE_SET_ATTR_MODE) ? (UnixFileMode)(attr->st_mode & PermissionMask) : null,
            Uid: Has(toSet, FUSE_SET_ATTR_UID) ? attr->st_uid : null,
            Gid: Has(toSet, FUSE_SET_ATTR_GID) ? attr->st_gid : null,
            Size: Has(toSet, FUSE_SET_ATTR_SIZE) ? attr->st_size : null,
            AccessTime: Time(toSet, FUSE_SET_ATTR_ATIME, FUSE_SET_ATTR_ATIME_NOW, attr->st_atim_tv_sec, attr->st_atim_tv_nsec, now),
            ModifyTime: Time(toSet, FUSE_SET_ATTR_MTIME, FUSE_SET_ATTR_MTIME_NOW, attr->st_mtim_tv_sec, attr->st_mtim_tv_nsec, now),
            ChangeTime: Has(toSet, FUSE_SET_ATTR_CTIME) ? NativeConversions.FromTimespec(attr->st_ctim_tv_sec, attr->st_ctim_tv_nsec) : null);
    }

    private static bool Has(int toSet, int flag) => (toSet & flag) != 0;

    private static DateTimeOffset? Time(int toSet, int flag, int nowFlag, long seconds, long nanoseconds, DateTimeOffset now) =>
        Has(toSet, nowFlag) ? now
        : Has(toSet, flag) ? NativeConversions.FromTimespec(seconds, nanoseconds)
        : null;
}
