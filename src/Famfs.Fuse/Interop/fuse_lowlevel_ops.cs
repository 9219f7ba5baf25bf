using System.Runtime.InteropServices;

namespace Famfs.Fuse.Interop;

/// <summary>
/// struct fuse_lowlevel_ops from fuse_lowlevel.h (3.14), in declaration order. The slots we
/// serve are typed function pointers, so the compiler checks every callback against its C
/// signature (fuse_req_t = nint, fuse_ino_t = ulong, off_t = long, size_t = nuint,
/// mode_t = uint, dev_t = ulong, const char* = byte*; int flag words as
/// their typed enums, which have the same size). Slots we leave NULL are plain nint:
/// libfuse answers those requests with ENOSYS itself. fuse_session_new copies the table.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
#pragma warning disable IDE1006, CA1707, CS8981 // C names for native structs, as in the C headers
internal unsafe struct fuse_lowlevel_ops
{
    public nint init;
    public nint destroy;
    public delegate* unmanaged[Cdecl]<nint, ulong, byte*, void> lookup;
    public delegate* unmanaged[Cdecl]<nint, ulong, ulong, void> forget;
    public delegate* unmanaged[Cdecl]<nint, ulong, fuse_file_info*, void> getattr;
    public delegate* unmanaged[Cdecl]<nint, ulong, stat*, SetAttrFields, fuse_file_info*, void> setattr;
    public delegate* unmanaged[Cdecl]<nint, ulong, void> readlink;
    public delegate* unmanaged[Cdecl]<nint, ulong, byte*, uint, ulong, void> mknod;
    public delegate* unmanaged[Cdecl]<nint, ulong, byte*, uint, void> mkdir;
    public delegate* unmanaged[Cdecl]<nint, ulong, byte*, void> unlink;
    public delegate* unmanaged[Cdecl]<nint, ulong, byte*, void> rmdir;
    public delegate* unmanaged[Cdecl]<nint, byte*, ulong, byte*, void> symlink;
    public delegate* unmanaged[Cdecl]<nint, ulong, byte*, ulong, byte*, RenameFlags, void> rename;
    public delegate* unmanaged[Cdecl]<nint, ulong, ulong, byte*, void> link;
    public delegate* unmanaged[Cdecl]<nint, ulong, fuse_file_info*, void> open;
    public delegate* unmanaged[Cdecl]<nint, ulong, nuint, long, fuse_file_info*, void> read;
    public delegate* unmanaged[Cdecl]<nint, ulong, byte*, nuint, long, fuse_file_info*, void> write;
    public delegate* unmanaged[Cdecl]<nint, ulong, fuse_file_info*, void> flush;
    public delegate* unmanaged[Cdecl]<nint, ulong, fuse_file_info*, void> release;
    public delegate* unmanaged[Cdecl]<nint, ulong, int, fuse_file_info*, void> fsync;
    public delegate* unmanaged[Cdecl]<nint, ulong, fuse_file_info*, void> opendir;
    public delegate* unmanaged[Cdecl]<nint, ulong, nuint, long, fuse_file_info*, void> readdir;
    public delegate* unmanaged[Cdecl]<nint, ulong, fuse_file_info*, void> releasedir;
    public nint fsyncdir;
    public delegate* unmanaged[Cdecl]<nint, ulong, void> statfs;
    public nint setxattr;
    public delegate* unmanaged[Cdecl]<nint, ulong, byte*, nuint, void> getxattr;
    public delegate* unmanaged[Cdecl]<nint, ulong, nuint, void> listxattr;
    public nint removexattr;
    public delegate* unmanaged[Cdecl]<nint, ulong, AccessModes, void> access;
    public delegate* unmanaged[Cdecl]<nint, ulong, byte*, uint, fuse_file_info*, void> create;
    public nint getlk;
    public nint setlk;
    public nint bmap;
    public nint ioctl;
    public nint poll;
    public nint write_buf;
    public nint retrieve_reply;
    public nint forget_multi;
    public nint flock;
    public nint fallocate;
    public delegate* unmanaged[Cdecl]<nint, ulong, nuint, long, fuse_file_info*, void> readdirplus;
    public nint copy_file_range;
    public nint lseek;
}
#pragma warning restore IDE1006, CA1707, CS8981
