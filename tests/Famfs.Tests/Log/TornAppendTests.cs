using System.Runtime.InteropServices;
using Famfs.Admin;
using Famfs.Devices;
using Famfs.Files;
using Famfs.Format;
using Famfs.Lifecycle;
using Famfs.TestSupport;

namespace Famfs.Tests.Log;

/// <summary>
/// A crash between an append's two counter stores leaves next_seqnum one past next_index. The
/// file system must still open, fsck must only warn, and the next append must carry on.
/// </summary>
public sealed class TornAppendTests
{
    [Fact]
    public void A_torn_append_leaves_a_file_system_that_opens_checks_clean_and_appends_again()
    {
        using var device = TempDevice.CreateSparse("torn", 4UL << 30);
        var master = Guid.NewGuid();
        using (var dev = device.Open(writable: true))
        {
            Mkfs.Format(dev, FormatConstants.DefaultLogLength, force: false, master);
        }

        using (var fs = FamfsFileSystem.Open(device.Path, new FileSystemOptions { SystemUuid = master }))
        {
            fs.CreateFile("before", 4096);
        }

        using (var dev = MemoryDevice.Open(device.Path, writable: true))
        using (var mapping = dev.Map(0, FormatConstants.MetadataLength(FormatConstants.DefaultLogLength), writable: true))
        {
            // The crash: next_seqnum advanced (to 2), next_index did not (still 1).
            MemoryMarshal.Write(mapping.Write(FormatConstants.LogOffset + LogHeaderCodec.NextSeqnumOffset, 8), 2UL);
        }

        using (var dev = MemoryDevice.Open(device.Path, writable: false))
        {
            var report = Fsck.Run(dev);
            Assert.True(report.Clean, string.Join("; ", report.Errors));
            Assert.Contains(report.Warnings, w => w.Contains("interrupted", StringComparison.Ordinal));
        }

        using (var fs = FamfsFileSystem.Open(device.Path, new FileSystemOptions { SystemUuid = master }))
        {
            fs.CreateFile("after", 4096);
            Assert.NotNull(fs.Find("before"));
        }

        using (var dev = MemoryDevice.Open(device.Path, writable: false))
        {
            var report = Fsck.Run(dev);
            Assert.True(report.Clean, string.Join("; ", report.Errors));
            Assert.Empty(report.Warnings);
            Assert.Equal(2UL, report.LogHeader!.NextIndex);
            Assert.Equal(2UL, report.LogHeader.NextSeqnum);
        }
    }
}
