using System.Runtime.InteropServices;

namespace Famfs.Fuse.Interop;

/// <summary>
/// struct fuse_entry_param from fuse_lowlevel.h: the reply to lookup-like requests. A reply
/// with a non-zero <see cref="ino"/> makes the kernel count one lookup of that inode.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 176)]
#pragma warning disable IDE1006, CA1707, CS8981 // C names for native structs, as in the C headers
internal struct fuse_entry_param
{
    [FieldOffset(0)] public ulong ino;
    [FieldOffset(8)] public ulong generation;
    [FieldOffset(16)] public stat attr;
    [FieldOffset(160)] public double attr_timeout;
    [FieldOffset(168)] public double entry_timeout;
}
#pragma warning restore IDE1006, CA1707, CS8981
