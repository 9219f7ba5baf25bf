using System.Runtime.InteropServices;

namespace Famfs.Fuse.Interop;

/// <summary>The few libc calls the mount lifecycle needs beyond libfuse (-1 and errno on failure: see <see cref="NativeResult.Check"/>).</summary>
internal static partial class LibcMount
{
    [LibraryImport("libc", EntryPoint = "umount2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Umount2(string target, UnmountFlags flags);

    /// <summary>statvfs(3): a path-based STATFS request, which the kernel never answers from cache.</summary>
    [LibraryImport("libc", EntryPoint = "statvfs", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Statvfs(string path, out statvfs buf);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, OpenFlags flags);

    /// <summary>dup3(2): atomically makes <paramref name="newfd"/> refer to what <paramref name="oldfd"/> does.</summary>
    [LibraryImport("libc", EntryPoint = "dup3", SetLastError = true)]
    public static partial int Dup3(int oldfd, int newfd, OpenFlags flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);
}

/// <summary>umount2(2) flags.</summary>
[Flags]
internal enum UnmountFlags
{
    None = 0,
    Force = 1,

    /// <summary>MNT_DETACH: detach now, clean up once it is no longer busy; never waits for the daemon.</summary>
    Detach = 2,
}
