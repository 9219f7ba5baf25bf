using Famfs.Interop;

namespace Famfs.Format;

/// <summary>
/// The famfs CRC: zlib's crc32() seeded with crc32(0, NULL, 0) (which is 0), over the covered
/// bytes of a structure. Stored in an 8-byte field with the upper 32 bits zero.
/// </summary>
public static class Crc
{
    /// <summary>
    /// zlib computes it, except for inputs long enough to fold (every log entry), which
    /// <see cref="CrcFolding"/> does 5x faster where the CPU can (tests hold the two equal).
    /// </summary>
    public static ulong Compute(ReadOnlySpan<byte> covered) =>
        CrcFolding.IsSupported && covered.Length >= CrcFolding.MinLength
            ? CrcFolding.Update(0, covered)
            : Zlib.Crc32(0, covered);
}
