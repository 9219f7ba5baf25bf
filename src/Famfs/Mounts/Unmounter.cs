using Famfs.Errors;
using Famfs.Interop;

namespace Famfs.Mounts;

/// <summary>
/// Takes a famfs mount down within a bounded time: unmount (lazily if busy or dead), then
/// wait for the daemon to leave; if it does not, SIGTERM, then SIGKILL. A mount whose daemon
/// was killed (ENOTCONN) is detached the same way, so a new mount can follow.
/// </summary>
internal static class Unmounter
{
    public static string Unmount(string mountPoint, TimeSpan timeout)
    {
        var full = FamfsMountTable.Resolve(mountPoint);
        var record = FamfsMountTable.At(full);
        var mounted = FamfsMountTable.MountedType(full);
        if (record is null && mounted is null)
        {
            throw new FamfsException(Errno.EINVAL, $"{full} is not a famfs mount point", "give the directory famfs mount mounted on");
        }

        // Only famfs mounts: anything else (or something mounted over a famfs mount) is not ours to take down.
        if (mounted is not null && mounted != FamfsMountTable.FuseType)
        {
            throw new FamfsException(Errno.EINVAL,
                record is null ? $"{full} is a {mounted} mount, not a famfs mount" : $"{full} has a {mounted} mount on top of its famfs mount",
                record is null ? "famfs umount only takes famfs mounts down; use umount(8) for others" : $"unmount the {mounted} mount first (umount {full})");
        }

        if (mounted is not null && Libc.Umount2(full, 0) != 0)
        {
            var errno = Libc.LastErrno;
            if (record is not null)
            {
                // Busy (open files, a shell inside): a live daemon takes its own mount down at once on
                // SIGTERM. Detaching it from here first would hide the mount point through which the
                // daemon wakes its loop, and it would wait for the last user to leave (10 s, then 5 s more).
                Libc.Kill(record.DaemonPid, Libc.SIGTERM);
                WaitForExit(record.DaemonPid, timeout);
            }

            // A dead daemon (or one that did not go): detach now, the kernel finishes when the last user leaves.
            if (FamfsMountTable.MountedType(full) is not null && Libc.Umount2(full, Libc.MNT_DETACH) != 0 && FamfsMountTable.MountedType(full) is not null)
            {
                throw NativeErrors.ForErrno(errno, $"unmount {full}");
            }
        }

        if (record is not null)
        {
            StopDaemon(record.DaemonPid, timeout);
        }

        return record is null ? $"unmounted {full} (its daemon was already gone)" : $"unmounted {full}";
    }

    private static void StopDaemon(int pid, TimeSpan timeout)
    {
        if (WaitForExit(pid, timeout))
        {
            return;
        }

        Libc.Kill(pid, Libc.SIGTERM);
        if (WaitForExit(pid, TimeSpan.FromSeconds(5)))
        {
            return;
        }

        try
        {
            System.Diagnostics.Process.GetProcessById(pid).Kill();
        }
        catch (ArgumentException)
        {
            // already gone
        }
    }

    private static bool WaitForExit(int pid, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Directory.Exists($"/proc/{pid}") && !IsZombie(pid))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            Thread.Sleep(20);
        }

        return true;
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }
}
