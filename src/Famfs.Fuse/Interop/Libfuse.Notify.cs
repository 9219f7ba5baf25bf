using System.Runtime.InteropServices;

namespace Famfs.Fuse.Interop;

/// <summary>Cache invalidation the file system pushes to the kernel (0 or -errno).</summary>
internal static partial class Libfuse
{
    [LibraryImport(LibName, EntryPoint = "fuse_lowlevel_notify_inval_inode")]
    public static partial int NotifyInvalInode(nint se, ulong ino, long off, long len);

    /// <param name="name">UTF-8, <paramref name="namelen"/> bytes, followed by a NUL.</param>
    [LibraryImport(LibName, EntryPoint = "fuse_lowlevel_notify_inval_entry")]
    public static partial int NotifyInvalEntry(nint se, ulong parent, ReadOnlySpan<byte> name, nuint namelen);
}
