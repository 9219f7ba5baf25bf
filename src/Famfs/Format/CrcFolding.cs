using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Famfs.Format;

/// <summary>
/// zlib's CRC-32 (reflected polynomial 0xEDB88320) by carry-less multiplication over whole
/// 16-byte blocks, as Chromium's zlib does it (crc32_sse42_simd_, after Gopal et al., "Fast CRC
/// Computation for Generic Polynomials Using PCLMULQDQ Instruction", Intel 2009): four 128-bit
/// lanes are folded 64 bytes at a time, then into one, then Barrett-reduced to 32 bits; the last
/// 0-15 bytes go through zlib's byte table. A log entry's 536 covered bytes take ~60 ns this way
/// against ~300 ns in zlib 1.2.13, and every append and every log read computes one.
/// </summary>
internal static class CrcFolding
{
    /// <summary>The fewest bytes <see cref="Update"/> takes: the four lanes it starts from.</summary>
    public const int MinLength = 64;

    // SSE4.1 for the lane extraction at the end (pextrd); x86 CPUs with PCLMULQDQ have it too.
    public static bool IsSupported => Pclmulqdq.IsSupported && Sse41.IsSupported;

    // zlib's byte-at-a-time table, for the 0-15 bytes after the last whole block (a log
    // entry's covered 536 bytes end with 8): calling zlib for them would cost as much as the folding.
    private static readonly uint[] ByteTable = BuildByteTable();

    /// <summary>
    /// Continues zlib's crc32(<paramref name="crc"/>, data, len) over <paramref name="data"/>, which
    /// must be at least <see cref="MinLength"/> bytes long.
    /// </summary>
    // Optimised from the first call: tier-0 code would call out for every vector operation
    // (10x slower than zlib), and short runs may never leave tier 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(data.Length, MinLength);
        var blocks = data.Length & ~15;

        // The constants of the paper's bit-reflected domain: x^(4·128±32) mod P, x^(128±32) mod P,
        // x^64 mod P, and the Barrett pair (P and floor(x^64 / P)).
        var k1k2 = Vector128.Create(0x0154442bd4UL, 0x01c6e41596UL);
        var k3k4 = Vector128.Create(0x01751997d0UL, 0x00ccaa009eUL);
        var k5 = Vector128.Create(0x0163cd6124UL, 0UL);
        var poly = Vector128.Create(0x01db710641UL, 0x01f7011641UL);
        var low32OfEachHalf = Vector128.Create(0xFFFFFFFFUL, 0xFFFFFFFFUL);

        ref var start = ref MemoryMarshal.GetReference(data);
        var x1 = Load(ref start, 0) ^ Vector128.CreateScalar((ulong)~crc); // zlib's pre-inversion
        var x2 = Load(ref start, 16);
        var x3 = Load(ref start, 32);
        var x4 = Load(ref start, 48);
        var offset = MinLength;
        for (; blocks - offset >= 64; offset += 64)
        {
            x1 = Fold(x1, k1k2) ^ Load(ref start, offset);
            x2 = Fold(x2, k1k2) ^ Load(ref start, offset + 16);
            x3 = Fold(x3, k1k2) ^ Load(ref start, offset + 32);
            x4 = Fold(x4, k1k2) ^ Load(ref start, offset + 48);
        }

        x1 = Fold(x1, k3k4) ^ x2;
        x1 = Fold(x1, k3k4) ^ x3;
        x1 = Fold(x1, k3k4) ^ x4;
        for (; offset < blocks; offset += 16)
        {
            x1 = Fold(x1, k3k4) ^ Load(ref start, offset);
        }

        // 128 bits to 64.
        x1 = Sse2.ShiftRightLogical128BitLane(x1, 8) ^ Pclmulqdq.CarrylessMultiply(x1, k3k4, 0x10);
        x1 = Pclmulqdq.CarrylessMultiply(x1 & low32OfEachHalf, k5, 0x00) ^ Sse2.ShiftRightLogical128BitLane(x1, 4);

        // Barrett reduction to 32 bits.
        var q = Pclmulqdq.CarrylessMultiply(x1 & low32OfEachHalf, poly, 0x10) & low32OfEachHalf;
        x1 ^= Pclmulqdq.CarrylessMultiply(q, poly, 0x00);
        var inverted = x1.AsUInt32().GetElement(1); // zlib's inverted running value, as the tables keep it
        foreach (var b in data[blocks..])
        {
            inverted = ByteTable[(byte)(inverted ^ b)] ^ (inverted >> 8);
        }

        return ~inverted;
    }

    /// <summary>Multiplies both halves of <paramref name="x"/> by their constants: the lane moves 512 (or 128) bits on.</summary>
    private static Vector128<ulong> Fold(Vector128<ulong> x, Vector128<ulong> k) =>
        Pclmulqdq.CarrylessMultiply(x, k, 0x00) ^ Pclmulqdq.CarrylessMultiply(x, k, 0x11);

    private static uint[] BuildByteTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }

    private static Vector128<ulong> Load(ref byte start, int offset) => Vector128.LoadUnsafe(ref start, (nuint)offset).AsUInt64();
}
