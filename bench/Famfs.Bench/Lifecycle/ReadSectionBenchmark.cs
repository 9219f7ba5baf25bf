using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Famfs.Lifecycle;
using Famfs.TestSupport;

namespace Famfs.Bench.Lifecycle;

/// <summary>What a revocable access costs: Access() + Read + Dispose per byte read, against indexing a span obtained once.</summary>
internal sealed class ReadSectionBenchmark : IBenchmark
{
    private const int Iterations = 100_000_000;
    private const int Window = 4096;

    public string Name => "lifecycle-read-section";

    public string Description => "MappingHandle.Access()+Read per access vs a plain span access (goal: < 2 ns added)";

    public void Run(TextWriter output)
    {
        using var shm = TempDevice.CreateSparse("bench-lifecycle", 2 * Units.MiB);
        using var view = RawDeviceView.Map(shm.Device, new DeviceRange(0, Window), writable: true, "benchmark");
        using (var fill = view.Access())
        {
            fill.Write(0, Window).Fill(1);
        }

        // Enough calls for tiered compilation to reach its final code, and time for it to install it.
        for (var i = 0; i < 60; i++)
        {
            PlainSpan(view, 100_000);
            Revocable(view, 100_000);
        }

        Thread.Sleep(500);
        var plain = Best(() => PlainSpan(view, Iterations));
        var revocable = Best(() => Revocable(view, Iterations));

        var plainNs = plain.TotalNanoseconds / Iterations;
        var revocableNs = revocable.TotalNanoseconds / Iterations;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"plain span access:       {plainNs,6:0.00} ns/access"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Access()+Read+Dispose:   {revocableNs,6:0.00} ns/access"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"added: {revocableNs - plainNs:0.00} ns/access; ratio {revocableNs / plainNs:0.00}x"));
    }

    private static TimeSpan Best(Func<long> run)
    {
        var best = TimeSpan.MaxValue;
        for (var i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            GC.KeepAlive(run());
            best = clock.Elapsed < best ? clock.Elapsed : best;
        }

        return best;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long PlainSpan(MappingHandle view, int iterations)
    {
        using var access = view.Access();
        var span = access.Read(0, Window);
        long sum = 0;
        for (var i = 0; i < iterations; i++)
        {
            sum += span[i & (Window - 1)];
        }

        return sum;
    }

    // Fully optimised from the first call: the loops run a handful of times, too few for tiering.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long Revocable(MappingHandle view, int iterations)
    {
        long sum = 0;
        for (var i = 0; i < iterations; i++)
        {
            using var access = view.Access();
            sum += access.Read((ulong)(i & (Window - 1)), 1)[0];
        }

        return sum;
    }
}
