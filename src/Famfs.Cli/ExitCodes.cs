using Famfs.Errors;

namespace Famfs.Cli;

/// <summary>
/// The exit codes of every famfs command (docs/CLI.md has the table). An error's errno picks
/// its code, so the same failure exits the same way whichever command met it.
/// </summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A check ran and found problems (fsck errors, verify mismatch).</summary>
    public const int CheckFailed = 1;

    /// <summary>Bad arguments or bad input values.</summary>
    public const int Usage = 2;

    /// <summary>A path or device does not exist, or is the wrong kind (a directory for a file, a FIFO for a device).</summary>
    public const int NotFound = 3;

    /// <summary>Not allowed: permissions, or this host is a client and the command needs the master.</summary>
    public const int NotPermitted = 4;

    /// <summary>Already exists, or busy.</summary>
    public const int Exists = 5;

    /// <summary>Device or log full.</summary>
    public const int NoSpace = 6;

    /// <summary>No famfs file system on the device, or its metadata is corrupt.</summary>
    public const int NoFileSystem = 7;

    /// <summary>An I/O or system failure.</summary>
    public const int SystemError = 8;

    public const int Timeout = 9;

    /// <summary>No such famfs command (the reference's code for it); a missing command exits <see cref="CheckFailed"/>, as there.</summary>
    public const int UnknownCommand = 3;

    /// <summary>A bug: an unexpected exception (reported with its stack trace).</summary>
    public const int InternalError = 70;

    public static int For(Errno errno) => errno switch
    {
        Errno.EINVAL or Errno.ENAMETOOLONG or Errno.EBADF or Errno.EOVERFLOW => Usage,
        Errno.ENOENT or Errno.ENOTDIR or Errno.EISDIR or Errno.ENODEV or Errno.ELOOP => NotFound,
        Errno.EPERM or Errno.EACCES or Errno.EROFS => NotPermitted,
        Errno.EEXIST or Errno.EBUSY or Errno.ENOTEMPTY => Exists,
        Errno.ENOSPC or Errno.EFBIG => NoSpace,
        Errno.EUCLEAN => NoFileSystem,
        Errno.ETIMEDOUT => Timeout,
        _ => SystemError,
    };
}
