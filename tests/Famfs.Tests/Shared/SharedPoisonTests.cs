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
/// The shared poison list through the library (in one process, so the device index is shared
/// too: what these tests check is what lands in shared memory and what fsck reads from it; the
/// cross-host effect on another process is in Famfs.Cli.Tests' SharedHostTests). Appends by many
/// writers of one host at once use separate opens (their own mapping and registry), as separate
/// processes of the host would: the record index comes from the published count, so writers that
/// are not serialised fill the same record and lose reports.
/// </summary>
[RequiresRoot]
public sealed class SharedPoisonTests : IDisposable
{
    private const int Writers = 4;
    private const int Rounds = 10;

    private readonly ShmFileSystem _shm = new();
    private readonly Guid _client = Guid.NewGuid();
    private readonly FamfsFileSystem _master;

    public SharedPoisonTests()
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
    public void A_failure_a_client_reports_lands_in_its_slot_of_the_shared_list_and_fsck_names_the_file()
    {
        var victim = _master.CreateFile("victim", 4096);
        _master.CreateFile("bystander", 4096);
        var range = new DeviceRange(victim.Map.DeviceExtents[0].Offset, 4096);
        using (var client = _shm.Open(_client))
        {
            client.ReportMemoryFailure(range.Offset, range.Length);
            var (records, damaged) = _master.Shared!.Poison.ReadAll();
            var (slot, record) = Assert.Single(records);
            Assert.Equal((client.Shared!.Hosts.Slot, range.Start, range.Bytes, 0), (slot, record.Offset, record.Length, damaged));
        }

        Assert.Equal([range], _master.Shared!.Poison.Current().Poisoned);
        using var device = MemoryDevice.Open(_shm.Path, writable: false);
        var fsck = Fsck.Run(device);
        Assert.Equal(["victim"], Assert.Single(fsck.Poisoned).Files);
        Assert.Contains(fsck.Errors, error => error.Contains($"reported by host {_client}", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_the_master_clears_and_a_clear_lets_the_file_open_again()
    {
        var victim = _master.CreateFile("victim", 4096);
        var range = new DeviceRange(victim.Map.DeviceExtents[0].Offset, 4096);
        using var client = _shm.Open(_client);
        client.ReportMemoryFailure((long)range.Offset, (long)range.Length);
        Assert.Equal(Errno.EIO, Assert.Throws<FamfsException>(() => _master.OpenFile("victim")).Errno);

        Assert.Throws<NotMasterException>(() => client.ClearMemoryFailure((long)range.Offset, (long)range.Length));
        Assert.Equal(["victim"], _master.ClearMemoryFailure((long)range.Offset, (long)range.Length));

        Assert.Empty(_master.Shared!.Poison.Current().Poisoned);
        Assert.Equal([range], _master.Shared.Poison.Current().Cleared);
        using (_master.OpenFile("victim"))
        {
        }

        Assert.EndsWith($"clear {range.Offset} {range.Length}\n", File.ReadAllText(_master.PoisonLedgerPath), StringComparison.Ordinal);
        using var device = MemoryDevice.Open(_shm.Path, writable: false);
        Assert.Empty(Fsck.Run(device).Poisoned);
    }

    [Fact]
    public void A_failure_reported_after_a_clear_of_its_range_stays()
    {
        var victim = _master.CreateFile("victim", 4096);
        var range = new DeviceRange(victim.Map.DeviceExtents[0].Offset, 4096);
        _master.ReportMemoryFailure((long)range.Offset, (long)range.Length);
        _master.ClearMemoryFailure((long)range.Offset, (long)range.Length);
        Thread.Sleep(2); // a later millisecond: clears lift failures not newer than themselves
        using var client = _shm.Open(_client);
        client.ReportMemoryFailure((long)range.Offset, (long)range.Length);
        Assert.Equal([range], _master.Shared!.Poison.Current().Poisoned);
    }

    [Fact]
    public void A_report_past_a_full_segment_fails_with_ENOSPC_and_stays_recorded_on_the_reporting_host()
    {
        using var client = _shm.Open(_client);
        DeviceRange Range(int i) => new((64L << 20) + (i * 8192L), 4096);
        for (var i = 0; i < SharedAreaLayout.PoisonRecordsPerSegment; i++)
        {
            client.ReportMemoryFailure(Range(i).Offset, Range(i).Length);
        }

        var full = Range(SharedAreaLayout.PoisonRecordsPerSegment);
        Assert.Equal(Errno.ENOSPC, Assert.Throws<FamfsException>(() => client.ReportMemoryFailure(full.Offset, full.Length)).Errno);

        Assert.Contains(full, client.PoisonedRanges);
        Assert.EndsWith($"{full.Offset} {full.Length}\n", File.ReadAllText(client.PoisonLedgerPath), StringComparison.Ordinal);
        Assert.DoesNotContain(full, _master.Shared!.Poison.Current().Poisoned);
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
