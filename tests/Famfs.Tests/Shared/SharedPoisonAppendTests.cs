using Famfs.Admin;
using Famfs.Devices;
using Famfs.Files;
using Famfs.Lifecycle;
using Famfs.Tests.Files.Support;

namespace Famfs.Tests.Shared;

/// <summary>
/// Appends to one host's segment of the shared poison list by many writers of that host at once
/// (docs/SHARED-STATE.md, "Shared poison list"): the record index comes from the published count,
/// so writers that are not serialised fill the same record and lose reports.
/// </summary>
[RequiresRoot]
public sealed class SharedPoisonAppendTests : IDisposable
{
    private const int Opens = 4;
    private const int ReportsPerOpen = 30; // 120 of the segment's 128 records

    private readonly ShmFileSystem _shm = new();
    private readonly Guid _client = Guid.NewGuid();
    private readonly FamfsFileSystem _master;

    public SharedPoisonAppendTests()
    {
        _master = _shm.Open();
        _master.CreateSharedArea();
    }

    public void Dispose()
    {
        var ledger = Path.GetDirectoryName(_master.PoisonLedgerPath)!;
        _master.Dispose();
        if (Directory.Exists(ledger))
        {
            Directory.Delete(ledger, recursive: true);
        }

        _shm.Dispose();
    }

    [Fact]
    public void Reports_made_at_once_through_separate_opens_of_one_host_all_land_and_fsck_lists_every_one()
    {
        var opens = Enumerable.Range(0, Opens).Select(_ => _shm.Open(_client)).ToList();
        try
        {
            // Distinct ranges with a gap between each, so none merges with its neighbour anywhere.
            var expected = Enumerable.Range(0, Opens * ReportsPerOpen).Select(i => new DeviceRange((64UL << 20) + ((ulong)i * 8192), 4096)).ToList();
            using var start = new Barrier(Opens);
            Parallel.For(0, Opens, new ParallelOptions { MaxDegreeOfParallelism = Opens }, open =>
            {
                start.SignalAndWait();
                for (var i = open; i < expected.Count; i += Opens)
                {
                    opens[open].ReportMemoryFailure(expected[i].Offset, expected[i].Length);
                }
            });

            var (records, damaged) = _master.Shared!.Poison.ReadAll();
            Assert.Equal(0, damaged);
            Assert.All(records, r => Assert.Equal(opens[0].Shared!.Hosts.Slot, r.Slot));
            Assert.Equal(expected, records.Select(r => new DeviceRange(r.Record.Offset, r.Record.Length)).OrderBy(r => r.Offset));
        }
        finally
        {
            opens.ForEach(fs => fs.Dispose());
        }

        using var device = MemoryDevice.Open(_shm.Path, writable: false);
        Assert.Equal(Opens * ReportsPerOpen, Fsck.Run(device, runDirectory: Path.GetTempPath()).Poisoned.Count); // no ledger there: the shared list alone
    }
}
