using System.Text;
using Famfs.Admin;
using Famfs.Allocation;
using Famfs.Devices;
using Famfs.Files;
using Famfs.Format;
using Famfs.Log;
using Famfs.Tests.Files.Support;

namespace Famfs.Tests.Admin;

/// <summary>
/// fsck's scan (<see cref="FsckScan"/>) proves sound logs sound with a play's figures and gives
/// up on every log a play would report anything about, so fsck's report is the same whether it
/// scans or plays (<see cref="FsckReports.AssertScanMatchesPlay"/>).
/// </summary>
public class FsckScanTests
{
    private const ulong Mi = 1UL << 20;

    public static TheoryData<string> SoundLogs => [.. Sound.Keys];

    public static TheoryData<string> ReportedLogs => [.. Reported.Keys];

    private static readonly Dictionary<string, LogEntry[]> Sound = new()
    {
        ["nested directories and files"] = [TestLog.Mkdir("d"), TestLog.Mkdir("d/e"), TestLog.File("d/e/f", 10 * Mi, 3 * Mi), TestLog.File("g", 14 * Mi, 1)],
        ["a mkdir of an existing directory"] = [TestLog.Mkdir("d"), TestLog.Mkdir("d"), TestLog.File("d/f", 10 * Mi, 4096)],
        ["an ADD_DAXDEV entry"] = [new AddDaxdevEntry { DeviceSize = 4UL << 30, DeviceUuid = Guid.NewGuid() }, TestLog.File("f", 10 * Mi, 4096)],
        ["an interleaved file"] = [Striped("s", 10 * Mi, 14 * Mi, 8 * Mi)],
        ["trailing and doubled slashes"] = [TestLog.Mkdir("d/"), TestLog.File("d//f", 10 * Mi, 4096), TestLog.Mkdir("d//e//")],
        ["names beyond ASCII"] = [TestLog.Mkdir("café"), TestLog.File("café/日本", 10 * Mi, 4096), TestLog.File("cafe", 12 * Mi, 4096)],
        ["an empty file with no extent"] = [TestLog.File("empty", 0, 0) with { Map = new SimpleFileMap([]) }],
        ["a .meta below the root"] = [TestLog.Mkdir("d"), TestLog.Mkdir("d/.meta"), TestLog.File("d/.meta/f", 10 * Mi, 1)],
        ["names that share a prefix or differ in case"] = [TestLog.File("a", 10 * Mi, 1), TestLog.File("A", 12 * Mi, 1), TestLog.File("ab", 14 * Mi, 1), TestLog.Mkdir("b"), TestLog.File("b/a", 16 * Mi, 1)],
    };

    private static readonly Dictionary<string, LogEntry[]> Reported = new()
    {
        ["a file logged twice"] = [TestLog.File("a", 10 * Mi, 1), TestLog.File("a", 12 * Mi, 1)],
        ["a file over a directory"] = [TestLog.Mkdir("a"), TestLog.File("a", 10 * Mi, 1)],
        ["a directory over a file"] = [TestLog.File("a", 10 * Mi, 1), TestLog.Mkdir("a")],
        ["a missing parent"] = [TestLog.File("x/a", 10 * Mi, 1)],
        ["a file as a parent"] = [TestLog.File("a", 10 * Mi, 1), TestLog.File("a/b", 12 * Mi, 1)],
        ["a path through dot-dot that plays"] = [TestLog.Mkdir("d"), TestLog.File("d/../a", 10 * Mi, 1)],
        ["a path through dot that plays"] = [TestLog.File("./a", 10 * Mi, 1)],
        ["a path escaping the root"] = [TestLog.File("../a", 10 * Mi, 1)],
        ["a path naming no entry"] = [TestLog.Mkdir("d"), TestLog.File("d/..", 10 * Mi, 1)],
        ["an absolute path"] = [TestLog.File("/a", 10 * Mi, 1)],
        ["an empty path"] = [TestLog.File("", 10 * Mi, 1)],
        ["a path of slashes"] = [TestLog.Mkdir("///")],
        ["a file under .meta"] = [TestLog.File(".meta/x", 10 * Mi, 1)],
        ["a directory .meta"] = [TestLog.Mkdir(".meta")],
        ["a DELETE entry"] = [TestLog.File("a", 10 * Mi, 1), new OpaqueEntry((uint)LogEntryType.Delete)],
        ["an unknown entry type"] = [new OpaqueEntry(77)],
        ["a cross-link"] = [TestLog.File("a", 10 * Mi, 1), TestLog.File("b", 10 * Mi, 1)],
        ["a size past the extents"] = [TestLog.File("a", 10 * Mi, 2 * Mi) with { Size = (2 * Mi) + 1 }],
        ["a short strip"] = [Striped("s", 10 * Mi, 14 * Mi, 9 * Mi)],
        ["an extent over the log"] = [TestLog.File("a", 8 * Mi, 1)],
        ["an unaligned extent"] = [TestLog.File("a", (10 * Mi) + 4096, 1)],
        ["an extent past the device"] = [TestLog.File("a", 4UL << 30, 1)],
        ["a second device"] = [TestLog.File("a", 10 * Mi, 1) with { Map = new SimpleFileMap([new Extent(1, 10 * Mi, 2 * Mi)]) }],
    };

    [Theory]
    [MemberData(nameof(SoundLogs))]
    public void A_sound_log_is_proven_sound_by_the_scan_with_the_figures_of_a_play(string log)
    {
        using var file = TestLog.CreateFormatted("scan-sound", Sound[log]);
        using var device = file.Open();
        var scan = Scan(device);
        var played = Fsck.Run(device);

        Assert.True(played.Clean && played.Warnings.Count == 0, string.Join("; ", [.. played.Errors, .. played.Warnings]));
        Assert.NotNull(scan);
        Assert.Equal((played.Statistics!.Files, played.Statistics.Directories, played.FileBytes), (scan.Files, scan.Directories, scan.FileBytes));
        FsckReports.AssertScanMatchesPlay(device);
    }

    [Theory]
    [MemberData(nameof(ReportedLogs))]
    public void The_scan_gives_up_on_a_log_a_play_reports_or_does_not_judge_alone_and_fsck_reports_as_the_play(string log)
    {
        using var file = TestLog.CreateFormatted("scan-reported", Reported[log]);
        using var device = file.Open();

        Assert.Null(Scan(device));
        FsckReports.AssertScanMatchesPlay(device);
    }

    [Fact]
    public void Names_whose_bytes_are_not_utf8_are_left_to_the_play_which_finds_them_alike()
    {
        // Both decode to U+FFFD: two different byte strings, one name, so the second is a duplicate.
        using var file = TestLog.CreateFormatted("scan-utf8", [TestLog.File("x", 10 * Mi, 1), TestLog.File("y", 12 * Mi, 1)]);
        using (var writable = file.Open(writable: true))
        {
            Rewrite(writable, 0, entry => entry[24 + 16] = 0xff);
            Rewrite(writable, 1, entry => entry[24 + 16] = 0xfe);
        }

        using var device = file.Open();
        Assert.Null(Scan(device));
        Assert.Contains(Fsck.Run(device).Errors, e => e.Contains("already exists", StringComparison.Ordinal));
        FsckReports.AssertScanMatchesPlay(device);
    }

    [Fact]
    public void A_bad_crc_or_seqnum_stops_the_scan_as_it_stops_play()
    {
        using var file = TestLog.CreateFormatted("scan-crc", [TestLog.File("a", 10 * Mi, 1), TestLog.File("b", 12 * Mi, 1), TestLog.File("c", 14 * Mi, 1)]);
        using (var writable = file.Open(writable: true))
        {
            var metadata = FamfsMetadata.Open(writable, writable: true);
            using (metadata)
            {
                metadata.Mapping.Write(FamfsMetadata.EntryOffset(1) + 30, 1)[0] ^= 1;
            }
        }

        using var device = file.Open();
        Assert.Null(Scan(device));
        FsckReports.AssertScanMatchesPlay(device);
    }

    [Fact]
    public void Memory_failures_and_the_shared_area_are_reported_after_a_scan_as_after_a_play()
    {
        using var shm = new ShmFileSystem();
        using var run = new TempDirectory("famfs-run");
        using (var fs = FamfsFileSystem.Open(shm.Path, new FileSystemOptions { SystemUuid = shm.Master, Cache = CacheMode.None, RunDirectory = run.Path }))
        {
            fs.CreateDirectory("d");
            var victim = fs.CreateFile("d/victim", 4096);
            fs.CreateSharedArea();
            fs.CreateFile("bystander", 4096);
            fs.ReportMemoryFailure((long)victim.Map.DeviceExtents[0].Offset, 4096);
        }

        using var device = MemoryDevice.Open(shm.Path, FileAccess.Read);
        Assert.Equal(4, Scan(device)?.SharedAreaEntries.Count);
        Assert.Contains(Fsck.Run(device, run.Path, listEntries: false).Poisoned, p => p.Files.SequenceEqual(["d/victim"]));
        FsckReports.AssertScanMatchesPlay(device, run.Path);
    }

    private static FsckScan? Scan(MemoryDevice device)
    {
        using var metadata = FamfsMetadata.Open(device, writable: false);
        return FsckScan.Run(metadata, SpaceAdmission.For(metadata.Superblock, device.SizeBytes));
    }

    private static FileEntry Striped(string path, ulong first, ulong second, ulong size) =>
        TestLog.File(path, first, size) with { Map = new InterleavedFileMap(2, 2 * Mi, [new Extent(0, first, 4 * Mi), new Extent(0, second, 4 * Mi)]) };

    /// <summary>Changes the bytes of entry <paramref name="index"/> and reseals its CRC, as a writer with other ideas would.</summary>
    private static void Rewrite(MemoryDevice device, ulong index, Action<Span<byte>> change)
    {
        using var metadata = FamfsMetadata.Open(device, writable: true);
        var entry = metadata.Mapping.Write(FamfsMetadata.EntryOffset(index), FormatConstants.LogEntrySize);
        change(entry);
        BitConverter.TryWriteBytes(entry[LogEntryCodec.CrcOffset..], LogEntryCodec.ComputeCrc(entry));
        Assert.Equal(Encoding.UTF8.GetString([0xef, 0xbf, 0xbd]), LogEntryCodec.Decode(entry) is FileEntry f ? f.Path : null);
    }
}
