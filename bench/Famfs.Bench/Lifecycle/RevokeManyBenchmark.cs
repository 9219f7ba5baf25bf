using System.Diagnostics;
using System.Globalization;
using Famfs.Lifecycle;

namespace Famfs.Bench.Lifecycle;

/// <summary>One exclusive claim revoking 10,000 live mappings, against creating them.</summary>
internal sealed class RevokeManyBenchmark : IBenchmark
{
    private const int Mappings = 10_000;
    private const ulong ViewSize = 4096;

    public string Name => "lifecycle-revoke-10k";

    public string Description => "one claim revoking 10,000 mappings (goal: < 10 ms) vs mapping them";

    public void Run(TextWriter output)
    {
        using var shm = new BenchShmDevice(64 * Units.MiB);
        var range = new DeviceRange(0, 1024 * ViewSize);
        for (var round = 0; round < 4; round++)
        {
            var mapClock = Stopwatch.StartNew();
            var views = Enumerable.Range(0, Mappings)
                .Select(i => RawDeviceView.Map(shm.Device, new DeviceRange((ulong)(i % 1024) * ViewSize, ViewSize), false, "benchmark view"))
                .ToList();
            mapClock.Stop();

            var revokeClock = Stopwatch.StartNew();
            using (var claim = DeviceRangeIndex.For(shm.Device).Claim(range, exclusive: true, "benchmark"))
            {
                revokeClock.Stop();
                if (claim.Revocation.MappingsRevoked != Mappings)
                {
                    throw new InvalidOperationException($"revoked {claim.Revocation.MappingsRevoked} of {Mappings}");
                }
            }

            views.ForEach(view => view.Dispose());
            var label = round == 0 ? "warm-up" : $"round {round}";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label,-8} map {Mappings}: {mapClock.Elapsed.TotalMilliseconds,7:0.00} ms   revoke {Mappings}: {revokeClock.Elapsed.TotalMilliseconds,6:0.00} ms ({revokeClock.Elapsed.TotalMicroseconds / Mappings:0.00} us each); ratio revoke/map {revokeClock.Elapsed / mapClock.Elapsed:0.00}"));
        }
    }
}
