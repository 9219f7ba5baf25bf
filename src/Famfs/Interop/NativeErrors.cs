using Famfs.Errors;

namespace Famfs.Interop;

/// <summary>
/// Turns a failed libc call into a <see cref="FamfsException"/>: the one place where errno
/// becomes an exception, so every native failure reads the same way.
/// </summary>
internal static class NativeErrors
{
    /// <summary>The result of a libc call that returns -1 and sets errno on failure; throws for a failure.</summary>
    /// <param name="what">What was being done, e.g. "open /dev/shm/fs0".</param>
    public static int Check(int result, string what) => result >= 0 ? result : throw ForLastError(what);

    /// <inheritdoc cref="Check(int, string)"/>
    public static nint Check(nint result, string what) => result >= 0 ? result : throw ForLastError(what);

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
