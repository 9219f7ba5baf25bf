using CsCheck;
using Xunit.Abstractions;

namespace Famfs.Tests.Fuzz;

/// <summary>
/// Fuzzed famfs images through fsck, open (read-only and read-write), reading every served file
/// and create (the checks are <see cref="ImageFuzzer"/>'s). CsCheck generates the mutations; a
/// failure reports its seed, and FAMFS_FUZZ_SEED=SEED runs that case first. Bounded to about a
/// minute here; `famfs-bench fuzz-soak` runs 100,000 cases.
/// </summary>
public sealed class ImageFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const int Cases = 3000;

    private readonly ImageFuzzer _fuzzer = new("fuzz");

    [Fact]
    public void Damaged_images_are_refused_or_served_without_the_damage_and_never_crash_hang_or_get_written()
    {
        ImageFuzzer.Mutations.Sample(_fuzzer.Check, output.WriteLine, seed: Environment.GetEnvironmentVariable("FAMFS_FUZZ_SEED"), iter: Cases, threads: 1);
    }

    public void Dispose() => _fuzzer.Dispose();
}
