using Famfs.Errors;

namespace Famfs.Interop;

/// <summary>
/// Turns a failed libc call into a <see cref="FamfsException"/>: the one place where errno
/// becomes an exception, so every native failure reads the same way.
/// </summary>
internal static class NativeErrors
{
    /// <param name="what">What was being done, e.g. "open /dev/shm/fs0".</param>
    public static FamfsException ForLastError(string what) => ForErrno(Libc.LastErrno, what);

    public static FamfsException ForErrno(Errno errno, string what)
    {
        var text = $"{what}: {Libc.Describe(errno)}";
        return errno switch
        {
            Errno.ENOENT => new FamfsException(errno, text, "check the path"),
            Errno.EACCES or Errno.EPERM => new FamfsException(errno, text, "run as root or fix the permissions"),
            Errno.ENOMEM => new FamfsException(errno, text,
                "free memory, or close mappings and retry (each live mapping is a kernel VMA: a process may hold vm.max_map_count of them)"),
            _ => new FamfsException(errno, text),
        };
    }
}
