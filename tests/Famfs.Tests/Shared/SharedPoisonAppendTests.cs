using Famfs.Admin;
using Famfs.Devices;
using Famfs.Errors;
using Famfs.Files;
using Famfs.Format;
using Famfs.Identity;
using Famfs.Lifecycle;
using Famfs.Tests.Files.Support;

namespace Famfs.Tests.Shared;

/// <summary>
/// Appends to one host's segment of the shared poison list by many writers of that host at once
/// (docs/SHARED-STATE.md, "Shared poison list"): the record index comes from the published count,
/// so writers that are not serialised fill the same record and lose reports. Each writer here is
/// its own open (its own mapping and registry), as separate processes of the host would be.
/// </summary>
[RequiresRoot]
public sealed class SharedPoisonAppendTests : IDisposable
{
    private const int Writers = 4;
    private const int Rounds = 10;

    private readonly ShmFileSystem _shm = new();
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
    public void Appends_made_at_once_through_separate_opens_of_one_host_all_land_until_its_segment_is_full_and_fsck_lists_every_one()
    {
        var opens = Enumerable.Range(0, Writers).Select(_ => _shm.Open(Guid.NewGuid())).ToList();
        try
        {
            // Each round a new host fills a fresh segment: one race is a window of a few stores.
            for (var round = 0; round < Rounds; round++)
            {
                var host = Guid.NewGuid();
                opens.ForEach(fs => fs.Shared!.Hosts.Register(host, Role.Client, TimeSpan.FromSeconds(10), 0)); // the first claims, the rest join
                var landed = FillAtOnce(opens, round);

                var slot = opens[0].Shared!.Hosts.Slot;
                var (records, damaged) = _master.Shared!.Poison.ReadAll();
                Assert.Equal(0, damaged);
                Assert.Equal(SharedAreaLayout.PoisonRecordsPerSegment, landed.Count);
                Assert.Equal(landed.OrderBy(r => r.Offset), records.Where(r => r.Slot == slot).Select(r => new DeviceRange(r.Record.Offset, r.Record.Length)).OrderBy(r => r.Offset));
            }
        }
        finally
        {
            opens.ForEach(fs => fs.Dispose());
        }

        using var device = MemoryDevice.Open(_shm.Path, writable: false);
        Assert.Equal(Rounds * SharedAreaLayout.PoisonRecordsPerSegment, Fsck.Run(device, runDirectory: Path.GetTempPath()).Poisoned.Count); // no ledger there: the shared list alone
    }

    /// <summary>
    /// Every open appends distinct ranges as fast as it can, all starting together, until the
    /// segment refuses with ENOSPC; returns the ranges whose append returned.
    /// </summary>
    private static List<DeviceRange> FillAtOnce(List<FamfsFileSystem> opens, int round)
    {
        var landed = opens.Select(_ => new List<DeviceRange>()).ToList();
        AtOnce.Run(opens.Count, writer =>
        {
            for (var k = 0; ; k++)
            {
                // Distinct in every round and writer, with a gap so no two ever merge.
                var range = new DeviceRange((64L << 20) + ((((round * opens.Count) + writer) * 256L) + k) * 8192, 4096);
                try
                {
                    opens[writer].Shared!.Poison.Record(range, opens[writer].SharedPoisonLockPath);
                }
                catch (FamfsException e) when (e.Errno == Errno.ENOSPC)
                {
                    return;
                }

                landed[writer].Add(range);
            }
        });
        return [.. landed.SelectMany(ranges => ranges)];
    }
}
