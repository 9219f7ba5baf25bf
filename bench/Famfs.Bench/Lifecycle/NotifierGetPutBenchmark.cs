using System.Diagnostics;
using System.Globalization;
using Famfs.Lifecycle;
using Famfs.TestSupport;

namespace Famfs.Bench.Lifecycle;

/// <summary>Get/Put pairs on one shared subscription from 2 threads, against 1 thread.</summary>
internal sealed class NotifierGetPutBenchmark : IBenchmark
{
    private const int PairsPerThread = 2_000_000;

    public string Name => "lifecycle-notifier-getput";

    public string Description => "NotifierRegistry Get/Put pairs on one (ops, space) from 2 threads vs 1 thread";

    public void Run(TextWriter output)
    {
        using var shm = TempDevice.CreateSparse("bench-lifecycle", 2 * Units.MiB);
        using var space = AddressSpace.Create($"/bench/{Guid.NewGuid():N}", [new DeviceExtent(shm.Device.Identity, new DeviceRange(0, 4096))]);
        var registry = new NotifierRegistry();
        var ops = new NullOps();
        var anchor = registry.Get(ops, space);

        Measure(registry, ops, space, 1);
        var one = Measure(registry, ops, space, 1);
        var two = Measure(registry, ops, space, 2);
        registry.Put(anchor);
        registry.Synchronize();

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"1 thread:  {one / 1e6,6:0.00} M Get+Put pairs/s"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"2 threads: {two / 1e6,6:0.00} M Get+Put pairs/s (total)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio 2 threads / 1 thread: {two / one:0.00}"));
    }

    private static double Measure(NotifierRegistry registry, NullOps ops, AddressSpace space, int threads)
    {
        using var start = new Barrier(threads + 1);
        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < PairsPerThread; i++)
            {
                registry.Put(registry.Get(ops, space));
            }
        })).ToList();
        workers.ForEach(thread => thread.Start());
        start.SignalAndWait();
        var clock = Stopwatch.StartNew();
        workers.ForEach(thread => thread.Join());
        return threads * PairsPerThread / clock.Elapsed.TotalSeconds;
    }

    private sealed class NullOps : INotifierOps
    {
        public NotifierSubscription Allocate(AddressSpace space) => new NullSubscription();

        public void Free(NotifierSubscription subscription)
        {
        }
    }

    private sealed class NullSubscription : NotifierSubscription;
}
