using System.Runtime.InteropServices;

namespace Famfs.Interop;

/// <summary>
/// zlib's crc32(): FORMAT.md defines every famfs CRC as exactly what this function computes,
/// so we call the same code the reference tools do rather than re-deriving it.
/// zlib1g is a required package on Debian, so libz.so.1 is always present.
/// </summary>
internal static unsafe partial class Zlib
{
    [LibraryImport("libz.so.1", EntryPoint = "crc32")]
    private static partial nuint Crc32Native(nuint crc, byte* buf, uint len);

    public static uint Crc32(uint seed, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            return (uint)Crc32Native(seed, p, (uint)data.Length);
        }
    }
}
