using System.Runtime.InteropServices;

namespace Famfs.Fuse.Interop;

/// <summary>struct statvfs from glibc's x86_64 sys/statvfs.h: what fuse_reply_statfs sends.</summary>
[StructLayout(LayoutKind.Explicit, Size = 112)]
#pragma warning disable IDE1006, CA1707, CS8981 // C names for native structs, as in the C headers
internal struct statvfs
{
    [FieldOffset(0)] public ulong f_bsize;
    [FieldOffset(8)] public ulong f_frsize;
    [FieldOffset(16)] public ulong f_blocks;
    [FieldOffset(24)] public ulong f_bfree;
    [FieldOffset(32)] public ulong f_bavail;
    [FieldOffset(40)] public ulong f_files;
    [FieldOffset(48)] public ulong f_ffree;
    [FieldOffset(56)] public ulong f_favail;
    [FieldOffset(64)] public ulong f_fsid;
    [FieldOffset(72)] public ulong f_flag;
    [FieldOffset(80)] public ulong f_namemax;
}
#pragma warning restore IDE1006, CA1707, CS8981
