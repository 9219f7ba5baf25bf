using Famfs.Admin;
using Famfs.Devices;
using Famfs.Errors;
using Famfs.Files;
using Famfs.Lifecycle;
using Famfs.Tests.Files.Support;

namespace Famfs.Tests.Shared;

/// <summary>
/// The shared poison list through the library (in one process, so the device index is shared
/// too: what these tests check is what lands in shared memory and what fsck reads from it; the
/// cross-host effect on another process is in Famfs.Cli.Tests' SharedHostTests).
/// </summary>
[RequiresRoot]
public sealed class SharedPoisonTests : IDisposable
{
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
}
