using System.Buffers.Binary;

namespace Famfs.Files;

/// <summary>
/// Deterministic pseudo-random file content for `creat --randomize` and `verify`: the 8-byte
/// little-endian word k of a file with seed S is SplitMix64(S + (k + 1) · 0x9E3779B97F4A7C15);
/// a file's last partial word keeps its low bytes. Any byte can be computed from its position
/// alone, so content is generated and checked in parallel pieces.
/// </summary>
internal static class SeededContent
{
    private const ulong Golden = 0x9E3779B97F4A7C15;

    /// <summary>Fills <paramref name="destination"/> with the content at file offset <paramref name="offset"/> (a multiple of 8).</summary>
    public static void Fill(ulong seed, long offset, Span<byte> destination)
    {
        RequireAligned(offset);
        var word = (ulong)offset / 8;
        var i = 0;
        for (; i + 8 <= destination.Length; i += 8, word++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(destination[i..], Word(seed, word));
        }

        if (i < destination.Length)
        {
            Span<byte> last = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(last, Word(seed, word));
            last[..(destination.Length - i)].CopyTo(destination[i..]);
        }
    }

    /// <summary>The offset of the first byte of <paramref name="actual"/> that differs from the content, or −1.</summary>
    public static long FindMismatch(ulong seed, long offset, ReadOnlySpan<byte> actual)
    {
        Span<byte> expected = stackalloc byte[4096];
        for (var done = 0; done < actual.Length; done += expected.Length)
        {
            var piece = actual.Slice(done, Math.Min(expected.Length, actual.Length - done));
            Fill(seed, offset + done, expected[..piece.Length]);
            var at = piece.CommonPrefixLength(expected[..piece.Length]);
            if (at < piece.Length)
            {
                return offset + done + at;
            }
        }

        return -1;
    }

    private static ulong Word(ulong seed, ulong index)
    {
        var z = seed + ((index + 1) * Golden);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    private static void RequireAligned(long offset)
    {
        if (offset % 8 != 0)
        {
            throw new ArgumentException($"content offsets must be multiples of 8, not {offset}", nameof(offset));
        }
    }
}
