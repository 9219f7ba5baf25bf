using Famfs.Interop;

namespace Famfs.Mounts;

/// <summary>
/// Claims of daemons that died (kill -9, a crash) stay behind, unlocked. Every command given a
/// path inside a mount lists the claim directory, so each new mount removes them, with the
/// control socket and administration folder beside them: the directory then holds live mounts
/// only. A claim is removed only while this process holds its lock and it still is the file at
/// its path, so a live mount's claim is never touched (see <see cref="HostClaim.Acquire"/>).
/// </summary>
internal static class StaleClaims
{
    /// <summary>Removes every claim no daemon holds; returns how many.</summary>
    public static int Remove()
    {
        var removed = 0;
        foreach (var path in HostClaim.ClaimFiles("*.claim"))
        {
            var fd = Libc.Open(path, OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC, 0);
            if (fd < 0)
            {
                continue; // gone already, or not ours to open
            }

            using var handle = new SafeFileDescriptor(fd);
            if (Libc.Flock(handle, FlockOperation.LOCK_EX | FlockOperation.LOCK_NB) != 0 || !HostClaim.IsSameFile(handle, path))
            {
                continue; // a live daemon's, or already replaced
            }

            File.Delete(path);
            File.Delete(HostClaim.SocketFor(path));
            var admin = HostClaim.AdminFolderFor(path);
            if (Directory.Exists(admin))
            {
                Directory.Delete(admin, recursive: true);
            }

            removed++;
        }

        return removed;
    }
}
