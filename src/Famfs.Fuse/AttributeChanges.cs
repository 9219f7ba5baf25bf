namespace Famfs.Fuse;

/// <summary>
/// What a SetAttr request changes (chmod, chown, truncate, utimes): null means unchanged.
/// "Set to now" requests arrive already resolved to the daemon's current time.
/// </summary>
public readonly record struct AttributeChanges(
    UnixFileMode? Permissions,
    uint? Uid,
    uint? Gid,
    long? Size,
    DateTimeOffset? AccessTime,
    DateTimeOffset? ModifyTime,
    DateTimeOffset? ChangeTime);
