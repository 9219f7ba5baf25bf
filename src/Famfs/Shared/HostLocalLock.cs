using Famfs.Errors;
using Famfs.Interop;

namespace Famfs.Shared;

/// <summary>
/// An exclusive flock(2) on a file under this host's run directory: it serialises the processes,
/// file-system instances and threads of one host (each take opens its own file description, and
/// flock excludes other descriptions even within a process), never other hosts, which do not
/// share the run directory. The kernel drops it when its holder dies, so a crash never leaves it taken.
/// </summary>
internal sealed class HostLocalLock : IDisposable
{
    private readonly SafeFileDescriptor _fd;

    private HostLocalLock(SafeFileDescriptor fd) => _fd = fd;

    /// <summary>Waits for and takes the lock at <paramref name="path"/>, creating the file (and its directory) when missing.</summary>
    /// <exception cref="FamfsException">EACCES: the run directory is not writable by this user; another errno from open or flock.</exception>
    public static HostLocalLock Take(string path)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!, Lifecycle.PoisonLedger.DirectoryMode);
        }
        catch (UnauthorizedAccessException)
        {
            throw new FamfsException(Errno.EACCES, $"no permission to create {Path.GetDirectoryName(path)}",
                "run as root, or set FAMFS_RUN_DIR to a directory you can write");
        }

        var fd = new SafeFileDescriptor(NativeErrors.Check(
            Libc.Open(path, OpenFlags.O_RDWR | OpenFlags.O_CREAT | OpenFlags.O_CLOEXEC, UnixFileMode.UserRead | UnixFileMode.UserWrite),
            $"open {path}"));
        int result;
        while ((result = Libc.Flock(fd, FlockOperation.LOCK_EX)) != 0 && Libc.LastErrno == Errno.EINTR)
        {
        }

        if (result != 0)
        {
            var error = NativeErrors.ForLastError($"flock {path}");
            fd.Dispose();
            throw error;
        }

        return new HostLocalLock(fd);
    }

    /// <summary>Releases the lock (closing the only descriptor of its file description does).</summary>
    public void Dispose() => _fd.Dispose();
}
