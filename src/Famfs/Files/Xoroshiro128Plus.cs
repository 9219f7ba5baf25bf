using System.Numerics;

namespace Famfs.Files;

/// <summary>
/// xoroshiro128+ (Blackman and Vigna, parameters 55/14/36), the generator of the reference
/// famfs's seeded file content, with its two state words taken from the first two SplitMix64
/// outputs of the seed. The state change is linear over GF(2), so <see cref="At"/> reaches
/// output k in at most 64 matrix steps: a file's content can be made and checked from any
/// position, in parallel pieces.
/// </summary>
internal struct Xoroshiro128Plus
{
    private const ulong Golden = 0x9E3779B97F4A7C15;

    /// <summary>Transition T^(2^i) for i = 0, 1, …, as its 128 column images (state words low, high).</summary>
    private static readonly List<(ulong Low, ulong High)[]> Powers = [];

    private ulong _s0;
    private ulong _s1;

    /// <summary>The generator for <paramref name="seed"/>, positioned so that its next output is output number <paramref name="index"/>.</summary>
    public static Xoroshiro128Plus At(ulong seed, ulong index)
    {
        var state = seed;
        var generator = new Xoroshiro128Plus { _s0 = SplitMix(ref state) };
        generator._s1 = SplitMix(ref state);
        for (var bit = 0; index != 0; bit++, index >>= 1)
        {
            if ((index & 1) != 0)
            {
                (generator._s0, generator._s1) = Apply(Power(bit), generator._s0, generator._s1);
            }
        }

        return generator;
    }

    public ulong Next()
    {
        var s0 = _s0;
        var s1 = _s1;
        var result = s0 + s1;
        Step(ref s0, ref s1);
        _s0 = s0;
        _s1 = s1;
        return result;
    }

    private static void Step(ref ulong s0, ref ulong s1)
    {
        s1 ^= s0;
        s0 = BitOperations.RotateLeft(s0, 55) ^ s1 ^ (s1 << 14);
        s1 = BitOperations.RotateLeft(s1, 36);
    }

    private static ulong SplitMix(ref ulong state)
    {
        state += Golden;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    private static (ulong Low, ulong High) Apply((ulong Low, ulong High)[] matrix, ulong low, ulong high)
    {
        ulong rl = 0, rh = 0;
        for (var j = 0; j < 128; j++)
        {
            var set = j < 64 ? (low >> j) & 1 : (high >> (j - 64)) & 1;
            if (set != 0)
            {
                rl ^= matrix[j].Low;
                rh ^= matrix[j].High;
            }
        }

        return (rl, rh);
    }

    private static (ulong Low, ulong High)[] Power(int bit)
    {
        lock (Powers)
        {
            if (Powers.Count == 0)
            {
                var step = new (ulong, ulong)[128];
                for (var j = 0; j < 128; j++)
                {
                    ulong s0 = j < 64 ? 1UL << j : 0, s1 = j < 64 ? 0 : 1UL << (j - 64);
                    Step(ref s0, ref s1);
                    step[j] = (s0, s1);
                }

                Powers.Add(step);
            }

            while (Powers.Count <= bit)
            {
                var last = Powers[^1];
                Powers.Add([.. last.Select(column => Apply(last, column.Low, column.High))]);
            }

            return Powers[bit];
        }
    }
}
