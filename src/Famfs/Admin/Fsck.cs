using Famfs.Allocation;
using Famfs.Devices;
using Famfs.Errors;
using Famfs.Format;
using Famfs.Lifecycle;
using Famfs.Log;
using Famfs.Namespace;

namespace Famfs.Admin;

/// <summary>
/// Checks a famfs file system read-only: superblock, log header, every entry, the namespace
/// and the allocation map. Unlike the reference fsck it fails on bad entry CRCs, extents past
/// the end of the device and misaligned extents, and it never aborts on them.
/// </summary>
public static partial class Fsck
{
    /// <summary>
    /// Checks the file system on <paramref name="device"/>; the memory failures this host recorded
    /// for it are read from <paramref name="runDirectory"/> (null: /run/famfs; a file system opened with another run directory records them there).
    /// </summary>
    public static FsckReport Run(MemoryDevice device, string? runDirectory = null) => Run(device, runDirectory, listEntries: true);

    /// <summary>
    /// As <see cref="Run(MemoryDevice, string?)"/>; without <paramref name="listEntries"/> a sound
    /// log is proven sound by <see cref="FsckScan"/> rather than played, and the report's
    /// <see cref="FsckReport.Entries"/> is then left empty: all else in it is the same (a log
    /// with anything to report is played in full).
    /// </summary>
    internal static FsckReport Run(MemoryDevice device, string? runDirectory, bool listEntries)
    {
        runDirectory ??= PoisonLedger.DefaultRunDirectory;
        var report = new FsckReport { DevicePath = device.Path, DeviceSize = device.Size };
        var superblock = CheckSuperblock(device, report);
        if (superblock is null)
        {
            return report;
        }

        FamfsMetadata metadata;
        try
        {
            metadata = FamfsMetadata.MapUnchecked(device, superblock, writable: false);
        }
        catch (FamfsException e)
        {
            // A memory failure this process knows of over the metadata: report it, read nothing.
            report.Errors.Add(e.Message);
            CheckPoison(report, superblock, () => new FsTree(), runDirectory);
            return report;
        }

        using var _ = metadata;
        var header = metadata.ReadHeader();
        report.LogHeader = header;
        var headerProblems = LogHeaderCodec.Validate(header, metadata.HeaderBytes, superblock.LogBytes);
        report.Errors.AddRange(headerProblems);
        if (header.Magic != FormatConstants.LogMagic)
        {
            return report;
        }

        ReportRolledForward(report, metadata, header);
        var log = (listEntries ? null : Scan(report, metadata)) ?? Play(report, metadata);
        var map = log.Admission.Map;
        report.Statistics = new FsckStatistics(device.Size, (long)map.Unit, map.UnitCount, map.ReservedUnits, map.AllocatedUnits,
            map.UnitCount - map.AllocatedUnits, log.Files, log.Directories);
        var cleared = CheckSharedArea(report, device, superblock, log, metadata.Capacity);
        CheckPoison(report, superblock, log.Tree, runDirectory, cleared);
        return report;
    }

    private static Superblock? CheckSuperblock(MemoryDevice device, FsckReport report)
    {
        var (superblock, problems) = SuperblockReader.Read(device);
        report.Superblock = superblock;
        report.Errors.AddRange(problems);
        if (superblock is null || problems.Count > 0)
        {
            return null; // nothing past a bad superblock can be trusted
        }

        if (superblock.DeviceSize != device.Size)
        {
            report.Warnings.Add($"superblock records a device size of {superblock.DeviceSize} bytes, the device is {device.Size} bytes");
        }

        var metadataLength = FormatConstants.MetadataLength(superblock.LogBytes);
        if (device.SizeBytes < metadataLength)
        {
            report.Errors.Add($"device is {device.Size} bytes but the log ends at byte {metadataLength}: the device is truncated");
            return null;
        }

        return superblock;
    }

    /// <summary>
    /// Memory failures this host recorded for the file system (see PoisonLedger), less the ranges
    /// the master cleared in the shared poison list: each is an error, naming the files over it.
    /// </summary>
    private static void CheckPoison(FsckReport report, Superblock superblock, Func<FsTree> tree, string runDirectory, IReadOnlyList<DeviceRange>? sharedClears = null)
    {
        var ledger = PoisonLedger.For(runDirectory, superblock.FsUuid);
        var (ranges, problems) = ledger.ReadAll();
        report.Errors.AddRange(problems);
        foreach (var clear in sharedClears ?? [])
        {
            ranges = [.. ranges.SelectMany(range => range.Without(clear))];
        }

        foreach (var range in ranges.Where(range => !report.Poisoned.Any(shared => shared.Range.Contains(range)))) // the shared list named it already
        {
            var files = FilesOver(tree(), range);
            report.Poisoned.Add(new PoisonedRange(range, files));
            var metadata = range.Start < FormatConstants.MetadataLength(superblock.LogBytes);
            if (metadata)
            {
                report.Errors.Add($"memory failure recorded in {range} ({ledger.Path}) hits the file system's metadata (superblock and log): the log cannot be trusted; restore the file system from a copy");
            }

            if (files.Count > 0)
            {
                report.Errors.Add($"memory failure recorded in {range} ({ledger.Path}); poisoned file(s): {string.Join(", ", files.Select(f => $"'{f}'"))}");
            }
            else if (!metadata)
            {
                report.Errors.Add($"memory failure recorded in {range} ({ledger.Path}); no file is affected");
            }
        }
    }

    private static List<string> FilesOver(FsTree tree, DeviceRange range) => [.. tree.Files()
        .Where(file => file.Map.DeviceExtents.Any(extent => extent.Length > 0 && new DeviceRange(extent.Offset, extent.Length).Overlaps(range)))
        .Select(file => file.Path)];

    /// <summary>
    /// Committed entries past next_index are part of the log (an append whose counters a crash or
    /// damage lost): played, and the next append repairs the header. A torn append without such
    /// an entry is harmless the same way.
    /// </summary>
    private static void ReportRolledForward(FsckReport report, FamfsMetadata metadata, LogHeader header)
    {
        var end = metadata.CommittedEnd(header.NextIndex);
        if (end > header.NextIndex)
        {
            report.Warnings.Add($"log header next index is {header.NextIndex}, but entries {header.NextIndex}..{end - 1} are committed (right seqnum and CRC): they are played, and the next append repairs the header");
        }
        else if (LogHeaderCodec.IsTornAppend(header))
        {
            report.Warnings.Add($"log header next seqnum {header.NextSeqnum} is one past next index {header.NextIndex} and no entry was committed there: an append was interrupted before it wrote its entry (harmless; the next append repairs it)");
        }
    }
}
