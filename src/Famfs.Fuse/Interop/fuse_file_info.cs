using System.Runtime.InteropServices;

namespace Famfs.Fuse.Interop;

/// <summary>
/// struct fuse_file_info from fuse_common.h (3.14). The C struct has a run of one-bit
/// bitfields after <see cref="flags"/>; C# has no bitfields, so they are one 32-bit word
/// (<see cref="bits"/>) plus the masks below. gcc on x86_64 allocates bitfields from the
/// least significant bit in declaration order; the layout test checks each mask against
/// the compiler.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 40)]
#pragma warning disable IDE1006, CA1707, CS8981 // C names for native structs, as in the C headers
internal struct fuse_file_info
{
    public const uint writepage = 1u << 0;
    public const uint direct_io = 1u << 1;
    public const uint keep_cache = 1u << 2;
    public const uint flush = 1u << 3;
    public const uint nonseekable = 1u << 4;
    public const uint flock_release = 1u << 5;
    public const uint cache_readdir = 1u << 6;
    public const uint noflush = 1u << 7;

    [FieldOffset(0)] public int flags;
    [FieldOffset(4)] public uint bits;
    [FieldOffset(16)] public ulong fh;
    [FieldOffset(24)] public ulong lock_owner;
    [FieldOffset(32)] public uint poll_events;
}
#pragma warning restore IDE1006, CA1707, CS8981
