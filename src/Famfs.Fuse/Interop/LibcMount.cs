using System.Runtime.InteropServices;

namespace Famfs.Fuse.Interop;

/// <summary>The few libc calls the mount lifecycle needs beyond libfuse.</summary>
internal static unsafe partial class LibcMount
{
    public const int MNT_DETACH = 2;

    [LibraryImport("libc", EntryPoint = "umount2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Umount2(string target, int flags);

    /// <summary>statvfs(3): a path-based STATFS request, which the kernel never answers from cache.</summary>
    [LibraryImport("libc", EntryPoint = "statvfs", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Statvfs(string path, statvfs* buf);
}
