namespace Famfs.Fuse.Interop;

/// <summary>The FUSE_SET_ATTR_* bits of setattr's to_set (fuse_lowlevel.h).</summary>
[Flags]
internal enum SetAttrFields
{
    None = 0,
    Mode = 1 << 0,
    Uid = 1 << 1,
    Gid = 1 << 2,
    Size = 1 << 3,
    AccessTime = 1 << 4,
    ModifyTime = 1 << 5,
    AccessTimeNow = 1 << 7,
    ModifyTimeNow = 1 << 8,
    ChangeTime = 1 << 10,
}

/// <summary>Decodes a setattr request into <see cref="AttributeChanges"/>.</summary>
internal static class SetAttrDecoding
{
    /// <summary>Permission bits of st_mode (07777): the type bits are not changeable.</summary>
    private const uint PermissionMask = 0xFFF;

    public static AttributeChanges ToChanges(in stat attr, SetAttrFields toSet)
    {
        var now = DateTimeOffset.UtcNow;
        return new AttributeChanges(
            Permissions: toSet.HasFlag(SetAttrFields.Mode) ? (UnixFileMode)(attr.st_mode & PermissionMask) : null,
            Uid: toSet.HasFlag(SetAttrFields.Uid) ? attr.st_uid : null,
            Gid: toSet.HasFlag(SetAttrFields.Gid) ? attr.st_gid : null,
            Size: toSet.HasFlag(SetAttrFields.Size) ? attr.st_size : null,
            AccessTime: Time(toSet, SetAttrFields.AccessTime, SetAttrFields.AccessTimeNow, attr.st_atim_tv_sec, attr.st_atim_tv_nsec, now),
            ModifyTime: Time(toSet, SetAttrFields.ModifyTime, SetAttrFields.ModifyTimeNow, attr.st_mtim_tv_sec, attr.st_mtim_tv_nsec, now),
            ChangeTime: toSet.HasFlag(SetAttrFields.ChangeTime) ? NativeConversions.FromTimespec(attr.st_ctim_tv_sec, attr.st_ctim_tv_nsec) : null);
    }

    private static DateTimeOffset? Time(SetAttrFields toSet, SetAttrFields field, SetAttrFields now, long seconds, long nanoseconds, DateTimeOffset clock) =>
        toSet.HasFlag(now) ? clock
        : toSet.HasFlag(field) ? NativeConversions.FromTimespec(seconds, nanoseconds)
        : null;
}
