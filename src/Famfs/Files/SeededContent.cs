using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Famfs.Files;

/// <summary>
/// Deterministic pseudo-random file content for `creat --randomize` and `verify`, byte for byte
/// the reference famfs's: the 4-byte little-endian unit k of a file with seed S is the low 32
/// bits of output k of xoroshiro128+ seeded from SplitMix64(S); a last partial unit keeps the
/// low bytes of its output. Any piece can be computed from its position alone, so content is
/// generated and checked in parallel pieces.
/// </summary>
internal static class SeededContent
{
    private const int Unit = 4;

    /// <summary>Fills <paramref name="destination"/> with the content at file offset <paramref name="offset"/> (a multiple of 4).</summary>
    public static void Fill(ulong seed, long offset, Span<byte> destination)
    {
        RequireAligned(offset);
        var generator = Xoroshiro128Plus.At(seed, (ulong)offset / Unit);
        Fill(ref generator, destination);
    }

    /// <summary>Fills <paramref name="destination"/> with the next outputs of <paramref name="generator"/>.</summary>
    private static void Fill(ref Xoroshiro128Plus generator, Span<byte> destination)
    {
        // A local copy stays in registers; two outputs make one 8-byte word.
        var local = generator;
        var words = MemoryMarshal.Cast<byte, ulong>(destination);
        for (var k = 0; k < words.Length; k++)
        {
            var low = (uint)local.Next();
            var pair = low | ((ulong)(uint)local.Next() << 32);
            words[k] = BitConverter.IsLittleEndian ? pair : BinaryPrimitives.ReverseEndianness(pair);
        }

        Span<byte> unit = stackalloc byte[Unit];
        for (var i = words.Length * sizeof(ulong); i < destination.Length; i += Unit)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(unit, (uint)local.Next());
            unit[..Math.Min(Unit, destination.Length - i)].CopyTo(destination[i..]);
        }

        generator = local;
    }

    /// <summary>The offset of the first byte of <paramref name="actual"/> that differs from the content, or −1.</summary>
    public static long FindMismatch(ulong seed, long offset, ReadOnlySpan<byte> actual)
    {
        RequireAligned(offset);
        var generator = Xoroshiro128Plus.At(seed, (ulong)offset / Unit);
        Span<byte> expected = stackalloc byte[4096];
        for (var done = 0; done < actual.Length; done += expected.Length)
        {
            var piece = actual.Slice(done, Math.Min(expected.Length, actual.Length - done));
            Fill(ref generator, expected[..piece.Length]);
            var at = piece.CommonPrefixLength(expected[..piece.Length]);
            if (at < piece.Length)
            {
                return offset + done + at;
            }
        }

        return -1;
    }

    private static void RequireAligned(long offset)
    {
        if (offset % Unit != 0)
        {
            throw new ArgumentException($"content offsets must be multiples of {Unit}, not {offset}", nameof(offset));
        }
    }
}
