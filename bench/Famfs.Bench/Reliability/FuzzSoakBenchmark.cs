using System.Diagnostics;
using CsCheck;
using Famfs.TestSupport;

namespace Famfs.Bench.Reliability;

/// <summary>
/// The long run of the test suite's image fuzzing (tests/Famfs.Tests/Fuzz): 100,000 mutated
/// images (or --count) through fsck, opens, reads and a create, with the same checks
/// (<see cref="ImageFuzzer"/>). Its baseline is the same checks on the undamaged image, so the
/// ratio says what handling damage costs against a clean image; any broken promise stops the
/// run with the mutation and its CsCheck seed.
/// </summary>
internal sealed class FuzzSoakBenchmark(BenchOptions options) : IBenchmark
{
    private readonly int _count = options.Count ?? 100_000;

    public string Name => "fuzz-soak";

    public string Description => $"{_count:N0} fuzzed famfs images through fsck, open, read and create vs the undamaged image (checks per second)";

    public IReadOnlyList<string> Options => [BenchOptions.CountOption];

    public void Run(TextWriter output)
    {
        using var fuzzer = new ImageFuzzer("fuzz-soak");
        var baselineCount = Math.Max(100, _count / 100);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < baselineCount; i++)
        {
            fuzzer.CheckUndamaged();
        }

        var baseline = baselineCount / watch.Elapsed.TotalSeconds;
        watch.Restart();
        ImageFuzzer.Mutations.Sample(fuzzer.Check, output.WriteLine, iter: _count, threads: 1);
        var fuzzed = _count / watch.Elapsed.TotalSeconds;
        output.WriteLine($"undamaged image (baseline): {baseline,10:F0} checks/s");
        output.WriteLine($"fuzzed images:              {fuzzed,10:F0} checks/s ({_count:N0} cases, {watch.Elapsed.TotalSeconds:F0} s, every promise held)");
        output.WriteLine($"ratio (fuzzed / undamaged throughput): {fuzzed / baseline:F2}");
    }
}
