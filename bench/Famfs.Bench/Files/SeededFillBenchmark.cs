using System.Globalization;
using Famfs.Files;

namespace Famfs.Bench.Files;

/// <summary>
/// The seeded content of creat -r / verify (the reference's xoroshiro128+ fill, 4 bytes per
/// output) on one thread: filling and checking 256 MiB in memory, against .NET's own
/// pseudo-random fill of the same buffer (Random.NextBytes, xoshiro256**, 8 bytes per output).
/// </summary>
internal sealed class SeededFillBenchmark : IBenchmark
{
    private const int Size = 256 << 20;

    public string Name => "seeded-fill";

    public string Description => "creat -r / verify content: SeededContent.Fill and FindMismatch of 256 MiB vs Random.NextBytes";

    public void Run(TextWriter output)
    {
        var buffer = new byte[Size];
        var random = new Random(); // unseeded: .NET's xoshiro256** (a seeded Random is the slow legacy generator)
        var times = Timing.BestInterleaved(1, 5,
            (() => SeededContent.Fill(1, 0, buffer), null),
            (() => Verify(buffer), null),
            (() => random.NextBytes(buffer), null));
        string Rate(TimeSpan t) => (Size / t.TotalSeconds / (1 << 30)).ToString("0.00", CultureInfo.InvariantCulture);
        output.WriteLine($"fill:   {Rate(times[0])} GiB/s");
        output.WriteLine($"verify: {Rate(times[1])} GiB/s");
        output.WriteLine($"baseline Random.NextBytes: {Rate(times[2])} GiB/s");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio fill/baseline: {times[2] / times[0]:0.00}, verify/baseline: {times[2] / times[1]:0.00}"));
    }

    private static void Verify(byte[] buffer)
    {
        if (SeededContent.FindMismatch(1, 0, buffer) != -1)
        {
            throw new InvalidOperationException("the seeded content did not verify");
        }
    }
}
