namespace Famfs.Fuse;

/// <summary>
/// Linux errno values, the answer a failed request carries to the kernel (and on to the caller
/// of the system call). Any other errno may be cast from its number.
/// </summary>
public enum Errno
{
    None = 0,
    EPERM = 1,
    ENOENT = 2,
    EINTR = 4,
    EIO = 5,
    EBADF = 9,
    ENOMEM = 12,
    EACCES = 13,
    EBUSY = 16,
    EEXIST = 17,
    ENOTDIR = 20,
    EISDIR = 21,
    EINVAL = 22,
    EFBIG = 27,
    ENOSPC = 28,
    EROFS = 30,
    ERANGE = 34,
    ENAMETOOLONG = 36,
    ENOSYS = 38,
    ENOTEMPTY = 39,
    ENODATA = 61,
    ENOTSUP = 95,
    ENOTCONN = 107,
}
