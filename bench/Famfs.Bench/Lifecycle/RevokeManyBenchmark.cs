using System.Diagnostics;
using System.Globalization;
using Famfs.Lifecycle;
using Famfs.TestSupport;

namespace Famfs.Bench.Lifecycle;

/// <summary>
/// One exclusive claim revoking 10,000 live mappings, against creating them: small raw views
/// (4 KiB) and file-extent-sized ones (2 MiB each, as a file's extents are mapped), both placed
/// side by side in mapping windows (LIFECYCLE.md §2).
/// </summary>
internal sealed class RevokeManyBenchmark : IBenchmark
{
    private const int Mappings = 10_000;

    public string Name => "lifecycle-revoke-10k";

    public string Description => "one claim revoking 10,000 mappings (goal: < 10 ms) vs mapping them";

    public void Run(TextWriter output)
    {
        output.WriteLine("10,000 raw views of 4 KiB (1,024 distinct pages, each mapped about 10 times):");
        Rounds(output, viewSize: 4096, distinctViews: 1024);
        output.WriteLine("10,000 mappings of 2 MiB (file-extent sized, all distinct):");
        Rounds(output, viewSize: 2 * Units.MiB, distinctViews: Mappings);
    }

    private static void Rounds(TextWriter output, ulong viewSize, int distinctViews)
    {
        // A sparse device: mapping costs no memory until touched, and nothing here touches it.
        using var shm = TempDevice.CreateSparse("bench-lifecycle", (ulong)distinctViews * viewSize);
        var range = new DeviceRange(0, (ulong)distinctViews * viewSize);
        for (var round = 0; round < 4; round++)
        {
            var mapClock = Stopwatch.StartNew();
            var views = Enumerable.Range(0, Mappings)
                .Select(i => RawDeviceView.Map(shm.Device, new DeviceRange((ulong)(i % distinctViews) * viewSize, viewSize), false, "benchmark view"))
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
                $"  {label,-8} map {Mappings}: {mapClock.Elapsed.TotalMilliseconds,7:0.00} ms   revoke {Mappings}: {revokeClock.Elapsed.TotalMilliseconds,6:0.00} ms ({revokeClock.Elapsed.TotalMicroseconds / Mappings:0.00} us each): {Verdict(revokeClock.Elapsed)}"));
        }
    }

    private static string Verdict(TimeSpan revoke) => revoke.TotalMilliseconds < 10 ? "goal met" : "GOAL MISSED";
}
