using System.Runtime.InteropServices;

namespace Famfs.Fuse.Interop;

/// <summary>The few libc calls the mount lifecycle needs beyond libfuse.</summary>
internal static unsafe partial class LibcMount
{
    public const int MNT_DETACH = 2;
    public const int O_RDWR = 2;
    public const int O_CLOEXEC = 0x80000;

    [LibraryImport("libc", EntryPoint = "umount2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Umount2(string target, int flags);

    /// <summary>statvfs(3): a path-based STATFS request, which the kernel never answers from cache.</summary>
    [LibraryImport("libc", EntryPoint = "statvfs", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Statvfs(string path, statvfs* buf);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags);

    /// <summary>dup3(2): atomically makes <paramref name="newfd"/> refer to what <paramref name="oldfd"/> does.</summary>
    [LibraryImport("libc", EntryPoint = "dup3", SetLastError = true)]
    public static partial int Dup3(int oldfd, int newfd, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);
}
