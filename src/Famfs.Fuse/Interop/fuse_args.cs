using System.Runtime.InteropServices;

namespace Famfs.Fuse.Interop;

/// <summary>
/// struct fuse_args from fuse_opt.h: the argv fuse_session_new parses its options from.
/// When <see cref="allocated"/> is non-zero libfuse owns <see cref="argv"/> and
/// fuse_opt_free_args releases it.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
#pragma warning disable IDE1006, CA1707, CS8981 // C names for native structs, as in the C headers
internal unsafe struct fuse_args
{
    [FieldOffset(0)] public int argc;
    [FieldOffset(8)] public byte** argv;
    [FieldOffset(16)] public int allocated;
}
#pragma warning restore IDE1006, CA1707, CS8981
