using System.Runtime.InteropServices;

namespace Famfs.Fuse.Interop;

/// <summary>Cache invalidation the file system pushes to the kernel (0 or -errno).</summary>
internal static unsafe partial class Libfuse
{
    [LibraryImport(LibName, EntryPoint = "fuse_lowlevel_notify_inval_inode")]
    public static partial int NotifyInvalInode(nint se, ulong ino, long off, long len);

    [LibraryImport(LibName, EntryPoint = "fuse_lowlevel_notify_inval_entry")]
    public static partial int NotifyInvalEntry(nint se, ulong parent, byte* name, nuint namelen);
}
