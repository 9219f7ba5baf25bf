using System.Runtime.InteropServices;

namespace Famfs.Fuse.Interop;

/// <summary>
/// struct fuse_file_info from fuse_common.h (3.14). The C struct has a run of one-bit
/// bitfields after <see cref="flags"/>; C# has no bitfields, so they are one 32-bit word
/// (<see cref="bits"/>) of <see cref="FileInfoBits"/>. gcc on x86_64 allocates bitfields from
/// the least significant bit in declaration order; the layout test checks each mask against
/// the compiler.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 40)]
#pragma warning disable IDE1006, CA1707, CS8981 // C names for native structs, as in the C headers
internal struct fuse_file_info
{
    [FieldOffset(0)] public OpenFlags flags;
    [FieldOffset(4)] public FileInfoBits bits;
    [FieldOffset(16)] public ulong fh;
    [FieldOffset(24)] public ulong lock_owner;
    [FieldOffset(32)] public uint poll_events;
}
#pragma warning restore IDE1006, CA1707, CS8981

/// <summary>The bitfields of fuse_file_info, in declaration order from bit 0.</summary>
[Flags]
internal enum FileInfoBits : uint
{
    None = 0,
    Writepage = 1u << 0,
    DirectIo = 1u << 1,
    KeepCache = 1u << 2,
    Flush = 1u << 3,
    Nonseekable = 1u << 4,
    FlockRelease = 1u << 5,
    CacheReaddir = 1u << 6,
    Noflush = 1u << 7,
}
