using System.Runtime.InteropServices;

namespace Famfs.Interop;

/// <summary>
/// struct statx from linux/stat.h. Unlike struct stat its layout is the same on every
/// architecture, which is why famfs.net uses statx to learn a device's type and identity.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
internal struct statx
{
    [FieldOffset(0)] public uint stx_mask;
    [FieldOffset(4)] public uint stx_blksize;
    [FieldOffset(8)] public ulong stx_attributes;
    [FieldOffset(16)] public uint stx_nlink;
    [FieldOffset(20)] public uint stx_uid;
    [FieldOffset(24)] public uint stx_gid;
    [FieldOffset(28)] public ushort stx_mode;
    [FieldOffset(32)] public ulong stx_ino;
    [FieldOffset(40)] public ulong stx_size;
    [FieldOffset(48)] public ulong stx_blocks;
    [FieldOffset(128)] public uint stx_rdev_major;
    [FieldOffset(132)] public uint stx_rdev_minor;
    [FieldOffset(136)] public uint stx_dev_major;
    [FieldOffset(140)] public uint stx_dev_minor;
}
