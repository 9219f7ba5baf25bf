using Famfs.Mounts;

namespace Famfs.Fuse;

/// <summary>
/// What is mounted where, from the kernel's mount table (see <see cref="FamfsMountTable.MountedType"/>:
/// reading /proc/self/mountinfo never sends a request to a FUSE daemon, so it cannot hang on a dead one).
/// </summary>
internal static class MountTable
{
    public static bool IsMounted(string mountPoint) => FindMountType(mountPoint) is not null;

    /// <summary>The file system type (e.g. "fuse.famfs") mounted at <paramref name="mountPoint"/>, or null.</summary>
    public static string? FindMountType(string mountPoint) => FamfsMountTable.MountedType(mountPoint);
}
