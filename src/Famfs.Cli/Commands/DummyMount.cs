using Famfs.Errors;

namespace Famfs.Cli.Commands;

/// <summary>
/// `famfs mount -D/--dummy DEVICE`, the reference's dummy mount: the file system mounted on a
/// fresh /tmp/famfs_dummy_XXXXXX directory that the command chooses and names ("Successful dummy
/// mount at PATH"), so that tools reach .meta/.superblock and .meta/.log where the device itself
/// may not be mapped. The reference's dummy mount shows only .meta; famfs.net's daemon serves
/// the whole log there too. It is unmounted like any mount (famfs umount PATH).
/// </summary>
internal static class DummyMount
{
    private const string Prefix = "famfs_dummy_";

    /// <summary>The mount point to use: the one given, or a new dummy one; refuses -D with a mount point and a mount point missing without -D.</summary>
    public static string MountPoint(bool dummy, string? given)
    {
        if (dummy && given is not null)
        {
            throw new FamfsException(Errno.EINVAL, "-D/--dummy takes DEVICE only: it chooses its own mount point",
                "famfs mount -D DEVICE, or famfs mount DEVICE MOUNTPOINT");
        }

        if (!dummy)
        {
            return given ?? throw new FamfsException(Errno.EINVAL, "MOUNTPOINT is missing", "famfs mount DEVICE MOUNTPOINT, or famfs mount -D DEVICE for a dummy mount");
        }

        if (!Environment.IsPrivilegedProcess)
        {
            // Before the directory is made: famfs mount refuses this user anyway.
            throw new FamfsException(Errno.EPERM, "only root may mount a famfs file system", "run famfs mount as root");
        }

        return Directory.CreateTempSubdirectory(Prefix).FullName;
    }

    /// <summary>Removes a dummy mount point whose mount failed (it is still empty).</summary>
    public static void Abandon(string mountPoint) => Directory.Delete(mountPoint);

    public static string Announce(string mountPoint) => $"Successful dummy mount at {mountPoint}";
}
