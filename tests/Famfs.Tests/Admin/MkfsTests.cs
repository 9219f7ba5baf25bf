using Famfs.Admin;
using Famfs.Errors;
using Famfs.Format;
using Famfs.Log;

namespace Famfs.Tests.Admin;

public class MkfsTests
{
    private static readonly Guid Master = TestLog.MasterUuid;

    [Fact]
    public void Mkfs_writes_a_superblock_and_an_empty_log_that_fsck_accepts()
    {
        using var file = TempDevice.CreateSparse("mkfs", 4UL << 30);
        using var device = file.Open(writable: true);
        var sb = Mkfs.Format(device, FormatConstants.DefaultLogLength, force: false, Master);
        Assert.Equal(Master, sb.SystemUuid);
        Assert.Equal(4L << 30, sb.DeviceSize);
        Assert.Equal(file.Path, sb.DaxdevPath);
        Assert.Equal(Guid.Empty, sb.DaxdevUuid);
        using var metadata = FamfsMetadata.Open(device, writable: false);
        var header = metadata.ReadHeader();
        Assert.Equal(0UL, header.NextIndex);
        Assert.Equal(15419UL, header.LastIndex);
        var report = Fsck.Run(device);
        Assert.True(report.Clean, string.Join("; ", report.Errors));
        Assert.Equal(5, report.Statistics!.ReservedUnits);
    }

    [Fact]
    public void Mkfs_refuses_an_existing_file_system_unless_forced()
    {
        using var file = TestLog.CreateFormatted("mkfs-again");
        using var device = file.Open(writable: true);
        var ex = Assert.Throws<FamfsException>(() => Mkfs.Format(device, FormatConstants.DefaultLogLength, force: false, Master));
        Assert.Equal(Errno.EEXIST, ex.Errno);
        var before = FamfsMetadata.ReadSuperblock(device).FsUuid;
        Assert.NotEqual(before, Mkfs.Format(device, FormatConstants.DefaultLogLength, force: true, Master).FsUuid);
    }

    [Theory]
    [InlineData(4UL << 20)]
    [InlineData(12UL << 20)]
    [InlineData(0UL)]
    public void Mkfs_refuses_a_bad_log_length(ulong logLength)
    {
        using var file = TempDevice.CreateSparse("mkfs-loglen", 4UL << 30);
        using var device = file.Open(writable: true);
        var ex = Assert.Throws<FamfsException>(() => Mkfs.Format(device, logLength, force: false, Master));
        Assert.Equal(Errno.EINVAL, ex.Errno);
    }

    [Fact]
    public void Mkfs_refuses_a_device_under_4_GiB()
    {
        using var file = TempDevice.CreateSparse("mkfs-small", (4UL << 30) - 1);
        using var device = file.Open(writable: true);
        var ex = Assert.Throws<FamfsException>(() => Mkfs.Format(device, FormatConstants.DefaultLogLength, force: false, Master));
        Assert.Contains("4.0 GiB", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kill_zeroes_the_magic_so_no_file_system_remains()
    {
        using var file = TestLog.CreateFormatted("mkfs-kill");
        using (var device = file.Open(writable: true))
        {
            Mkfs.Kill(device);
        }

        Assert.Equal(new byte[8], file.ReadAt(0, 8));
        using var readOnly = file.Open();
        var report = Fsck.Run(readOnly);
        Assert.False(report.Clean);
        Assert.Contains(report.Errors, e => e.Contains("no famfs file system", StringComparison.Ordinal));
    }
}
