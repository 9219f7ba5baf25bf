using Famfs.Files;
using Famfs.Lifecycle;

namespace Famfs.Tests.Files;

/// <summary>
/// The ledger reader resumes where it stopped only in the same, unshrunk file: clearing the
/// ledger (rm) and reporting again must not make a running process parse from the middle of a
/// line (which turned "102880 4096" into a bogus range).
/// </summary>
public sealed class PoisonLedgerResumeTests : IDisposable
{
    private readonly PoisonLedger _ledger = PoisonLedger.For(PoisonLedger.DefaultRunDirectory, Guid.NewGuid());

    public void Dispose()
    {
        var directory = Path.GetDirectoryName(_ledger.Path)!;
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Missing_ledger_has_no_records()
    {
        Assert.Empty(_ledger.ReadNew());
        var (ranges, problems) = _ledger.ReadAll();
        Assert.Empty(ranges);
        Assert.Empty(problems);
    }

    [RequiresRoot]
    [Fact]
    public void Removed_and_rewritten_ledger_is_read_from_its_start()
    {
        _ledger.Record(new DeviceRange(0, 4096));
        Assert.Equal([new LedgerEntry(new DeviceRange(0, 4096), Cleared: false)], _ledger.ReadNew());

        File.Delete(_ledger.Path);
        Assert.Empty(_ledger.ReadNew());
        _ledger.Record(new DeviceRange(102880, 4096));

        Assert.Equal([new LedgerEntry(new DeviceRange(102880, 4096), Cleared: false)], _ledger.ReadNew());
        Assert.Empty(_ledger.ReadNew());
    }

    [RequiresRoot]
    [Fact]
    public void Replaced_ledger_is_read_from_its_start_even_when_nobody_looked_in_between()
    {
        _ledger.Record(new DeviceRange(0, 4096));
        Assert.Single(_ledger.ReadNew());

        File.Delete(_ledger.Path);
        _ledger.Record(new DeviceRange(102880, 4096));

        Assert.Equal([new LedgerEntry(new DeviceRange(102880, 4096), Cleared: false)], _ledger.ReadNew());
    }

    [RequiresRoot]
    [Fact]
    public void Truncated_ledger_is_read_from_its_start()
    {
        _ledger.Record(new DeviceRange(1048576, 2097152));
        _ledger.Record(new DeviceRange(8192, 4096));
        Assert.Equal(2, _ledger.ReadNew().Count);

        File.WriteAllText(_ledger.Path, "4096 4096\n"); // same inode, shorter

        Assert.Equal([new LedgerEntry(new DeviceRange(4096, 4096), Cleared: false)], _ledger.ReadNew());
    }

    [RequiresRoot]
    [Fact]
    public void Rewritten_in_place_ledger_that_no_longer_has_a_line_end_there_is_read_from_its_start()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_ledger.Path)!);
        File.WriteAllText(_ledger.Path, "0 4096\n");
        Assert.Single(_ledger.ReadNew());

        File.WriteAllText(_ledger.Path, "102880 4096\n"); // same inode, longer: offset 7 is mid-line

        Assert.Equal([new LedgerEntry(new DeviceRange(102880, 4096), Cleared: false)], _ledger.ReadNew());
    }

    [RequiresRoot]
    [Fact]
    public void Only_complete_lines_are_read()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_ledger.Path)!);
        File.WriteAllText(_ledger.Path, "100 40");
        Assert.Empty(_ledger.ReadNew());
        Assert.Empty(_ledger.ReadAll().Ranges);

        File.AppendAllText(_ledger.Path, "96\n");

        Assert.Equal([new LedgerEntry(new DeviceRange(100, 4096), Cleared: false)], _ledger.ReadNew());
    }
}
