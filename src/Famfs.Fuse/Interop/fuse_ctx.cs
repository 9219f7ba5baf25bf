using System.Runtime.InteropServices;

namespace Famfs.Fuse.Interop;

/// <summary>struct fuse_ctx from fuse_lowlevel.h: who sent a request.</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
#pragma warning disable IDE1006, CA1707, CS8981 // C names for native structs, as in the C headers
internal struct fuse_ctx
{
    [FieldOffset(0)] public uint uid;
    [FieldOffset(4)] public uint gid;
    [FieldOffset(8)] public int pid;
    [FieldOffset(12)] public uint umask;
}
#pragma warning restore IDE1006, CA1707, CS8981
