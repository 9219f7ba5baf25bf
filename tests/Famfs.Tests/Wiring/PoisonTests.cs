using Famfs.Admin;
using Famfs.Devices;
using Famfs.Errors;
using Famfs.Files;
using Famfs.Lifecycle;
using Famfs.Tests.Files.Support;

namespace Famfs.Tests.Wiring;

/// <summary>Memory failures: exactly the files over the range go bad (EIO), the rest keep working, and the host remembers.</summary>
[RequiresRoot]
public sealed class PoisonTests : IDisposable
{
    private readonly ShmFileSystem _shm = new();
    private string? _ledgerDirectory;

    [Fact]
    public void Poisoning_a_range_in_one_file_fails_its_reads_and_opens_with_EIO_and_leaves_the_other_readable()
    {
        using var fs = Open();
        var bad = fs.CreateFile("bad", 4 * Units.MiB);
        fs.CreateFile("good", 4096);
        using var badFile = fs.OpenFile("bad", writable: true);
        using var goodFile = fs.OpenFile("good", writable: true);
        goodFile.Write(0, [42]);
        var offset = bad.Map.DeviceExtents[0].Offset + Units.MiB;

        var report = fs.ReportMemoryFailure((long)offset, 4096);

        Assert.Equal(["bad"], report.Files);
        Assert.Equal(1, report.Revocation.MappingsRevoked);
        var read = Assert.Throws<MappingRevokedException>(() => badFile.Read(0, new byte[1]));
        Assert.Equal(Errno.EIO, read.Errno);
        var open = Assert.Throws<FamfsException>(() => fs.OpenFile("bad"));
        Assert.Equal(Errno.EIO, open.Errno);
        Assert.Contains(new DeviceRange(offset, 4096).ToString(), open.Message);
        Assert.True(fs.IsPoisoned("bad"));
        Assert.False(fs.IsPoisoned("good"));
        Assert.Equal(["bad"], fs.PoisonedFiles);

        Assert.Equal(42, goodFile.GetReadOnlySpan(0, 1)[0]);
        using var goodAgain = fs.OpenFile("good");
        Assert.Equal(42, goodAgain.GetReadOnlySpan(0, 1)[0]);
    }

    [Fact]
    public void The_failure_is_recorded_for_the_host_so_fsck_and_new_instances_see_it()
    {
        using var fs = Open();
        var bad = fs.CreateFile("dir-less-bad", 4096);
        fs.ReportMemoryFailure((long)bad.Map.DeviceExtents[0].Offset, 4096);

        Assert.Equal($"{bad.Map.DeviceExtents[0].Offset} 4096\n", File.ReadAllText(fs.PoisonLedgerPath));
        using var other = _shm.Open();
        Assert.True(other.IsPoisoned("dir-less-bad"));
        using var device = MemoryDevice.Open(_shm.Path, writable: false);
        var fsck = Fsck.Run(device);
        Assert.False(fsck.Clean);
        Assert.Contains(fsck.Errors, error => error.Contains("'dir-less-bad'", StringComparison.Ordinal));
        Assert.Equal(["dir-less-bad"], Assert.Single(fsck.Poisoned).Files);
    }

    [Theory]
    [InlineData(-4096, 4096)]
    [InlineData(0, -1)]
    [InlineData(0, 0)]
    [InlineData(long.MaxValue, 2)]
    public void A_memory_failure_range_that_is_negative_empty_or_overflowing_is_refused_with_EINVAL_and_records_nothing(long offset, long length)
    {
        using var fs = Open();

        Assert.Equal(Errno.EINVAL, Assert.Throws<FamfsException>(() => fs.ReportMemoryFailure(offset, length)).Errno);
        Assert.False(File.Exists(fs.PoisonLedgerPath));
    }

    [Fact]
    public void New_files_are_never_placed_on_poisoned_memory()
    {
        using var fs = Open();
        var first = fs.CreateFile("first", 2 * Units.MiB);
        var next = first.Map.DeviceExtents[0].End;
        fs.ReportMemoryFailure((long)next, 4096);

        var placed = fs.CreateFile("second", 2 * Units.MiB);

        Assert.NotEqual(next, placed.Map.DeviceExtents[0].Offset);
        Assert.False(fs.IsPoisoned("second"));
    }

    [Fact]
    public void A_failure_in_the_metadata_is_its_own_state_log_play_stops_quietly_creates_fail_and_known_files_stay_readable()
    {
        using var fs = Open();
        fs.CreateFile("known", 4096);
        using (var known = fs.OpenFile("known", writable: true))
        {
            known.Write(0, [7]);
        }

        var report = fs.ReportMemoryFailure((long)Famfs.Format.FormatConstants.LogOffset, 4096);

        Assert.True(report.Metadata);
        var described = report.Describe(_shm.Path, fs.PoisonLedgerPath);
        Assert.Contains(described, line => line.Contains("metadata", StringComparison.Ordinal));
        Assert.DoesNotContain(described, line => line.Contains("no file is affected", StringComparison.Ordinal)); // it reads as "all is well"
        Assert.True(fs.MetadataPoisoned);
        Assert.Empty(fs.Refresh()); // no error on every poll: nothing more can be played
        using (var known = fs.OpenFile("known"))
        {
            Assert.Equal(7, known.GetReadOnlySpan(0, 1)[0]);
        }

        Assert.Equal(Errno.EIO, Assert.Throws<FamfsException>(() => fs.CreateFile("new", 4096)).Errno);
        var reopen = Assert.Throws<FamfsException>(() => _shm.Open());
        Assert.Equal(Errno.EIO, reopen.Errno);
        Assert.Contains("metadata", reopen.Message, StringComparison.Ordinal);
        using var device = MemoryDevice.Open(_shm.Path, writable: false);
        var errors = Fsck.Run(device).Errors;
        Assert.Contains(errors, error => error.Contains("metadata", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, error => error.Contains("no file is affected", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        if (_ledgerDirectory is not null && Directory.Exists(_ledgerDirectory))
        {
            Directory.Delete(_ledgerDirectory, recursive: true);
        }

        _shm.Dispose();
    }

    private FamfsFileSystem Open()
    {
        var fs = _shm.Open();
        _ledgerDirectory = Path.GetDirectoryName(fs.PoisonLedgerPath);
        return fs;
    }
}
