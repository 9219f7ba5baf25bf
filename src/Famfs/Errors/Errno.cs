namespace Famfs.Errors;

/// <summary>
/// Linux errno values used by famfs.net. Every <see cref="FamfsException"/> carries one:
/// the FUSE daemon replies with its negative, the CLI maps it to an exit code.
/// </summary>
public enum Errno
{
    None = 0,
    EPERM = 1,
    ENOENT = 2,
    EINTR = 4,
    EIO = 5,
    ENXIO = 6,
    EBADF = 9,
    /// <summary>Also EWOULDBLOCK: a non-blocking call (flock LOCK_NB) would have waited.</summary>
    EAGAIN = 11,
    ENOMEM = 12,
    EACCES = 13,
    EBUSY = 16,
    EEXIST = 17,
    EXDEV = 18,
    ENODEV = 19,
    ENOTDIR = 20,
    EISDIR = 21,
    EINVAL = 22,
    EFBIG = 27,
    ENOSPC = 28,
    EROFS = 30,
    ENAMETOOLONG = 36,
    ENOSYS = 38,
    ENOTEMPTY = 39,
    ELOOP = 40,
    EOVERFLOW = 75,
    ENOTSUP = 95,
    ENOTCONN = 107,
    ETIMEDOUT = 110,
    EUCLEAN = 117,
}
