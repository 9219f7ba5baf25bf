using System.Runtime.InteropServices;

namespace Famfs.Fuse.Interop;

/// <summary>
/// struct stat from glibc's x86_64 sys/stat.h, the attribute block libfuse passes to and
/// from the kernel. Only x86_64 is laid out here (arm64 orders st_mode/st_nlink differently);
/// <see cref="NativePlatform.EnsureSupported"/> refuses to mount elsewhere. Timestamps are
/// the tv_sec/tv_nsec halves of st_atim, st_mtim and st_ctim.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 144)]
#pragma warning disable IDE1006, CA1707, CS8981 // C names for native structs, as in the C headers
internal struct stat
{
    [FieldOffset(0)] public ulong st_dev;
    [FieldOffset(8)] public ulong st_ino;
    [FieldOffset(16)] public ulong st_nlink;
    [FieldOffset(24)] public uint st_mode;
    [FieldOffset(28)] public uint st_uid;
    [FieldOffset(32)] public uint st_gid;
    [FieldOffset(40)] public ulong st_rdev;
    [FieldOffset(48)] public long st_size;
    [FieldOffset(56)] public long st_blksize;
    [FieldOffset(64)] public long st_blocks;
    [FieldOffset(72)] public long st_atim_tv_sec;
    [FieldOffset(80)] public long st_atim_tv_nsec;
    [FieldOffset(88)] public long st_mtim_tv_sec;
    [FieldOffset(96)] public long st_mtim_tv_nsec;
    [FieldOffset(104)] public long st_ctim_tv_sec;
    [FieldOffset(112)] public long st_ctim_tv_nsec;
}
#pragma warning restore IDE1006, CA1707, CS8981
