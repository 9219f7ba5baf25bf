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
    public static FsckReport Run(MemoryDevice device, string? runDirectory = null)
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
            CheckPoison(report, superblock, new FsTree(), runDirectory);
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
        var tree = new FsTree();
        var admission = SpaceAdmission.For(superblock, device.SizeBytes);
        var outcomes = LogPlayer.Play(tree, metadata.ReadRecords(), admission);
        report.Entries.AddRange(outcomes);
        ReportEntries(report, outcomes);
        ReportUnreachable(report, metadata, tree.NextIndex, outcomes);
        ReportCrossLinks(report, tree, outcomes, admission);
        var map = admission.Map;
        report.Statistics = new FsckStatistics(device.Size, (long)map.Unit, map.UnitCount, map.ReservedUnits, map.AllocatedUnits,
            map.UnitCount - map.AllocatedUnits, tree.FileCount, tree.DirectoryCount);
        var cleared = CheckSharedArea(report, device, superblock, tree, metadata.Capacity);
        CheckPoison(report, superblock, tree, runDirectory, cleared);
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

    private static void ReportEntries(FsckReport report, IReadOnlyList<PlayOutcome> outcomes)
    {
        foreach (var outcome in outcomes.Where(o => o.Problem is not null))
        {
            (outcome.IsDamage ? report.Errors : report.Warnings).Add(outcome.Describe());
        }
    }

    /// <summary>Entries after a corrupt one are never played; say which of them look intact or corrupt too.</summary>
    private static void ReportUnreachable(FsckReport report, FamfsMetadata metadata, ulong playedUpTo, IReadOnlyList<PlayOutcome> outcomes)
    {
        if (outcomes.Count == 0 || !outcomes[^1].Record.StopsPlay)
        {
            return;
        }

        var after = metadata.ReadRecords(outcomes[^1].Record.Index + 1).ToList();
        var corrupt = after.Where(r => r.StopsPlay).ToList();
        if (corrupt.Count > 0)
        {
            // One line for the first, a count for the rest: a next_index past the real end would
            // otherwise list every empty slot.
            var first = corrupt[0];
            var more = corrupt.Count > 1 ? $" (and {corrupt.Count - 1} more corrupt entries after it)" : string.Empty;
            report.Errors.Add($"log entry {first.Index} ({LogEntryNames.Describe(first.Entry)}): {first.Corruption}{more}");
        }

        if (after.Count > 0)
        {
            report.Errors.Add($"log entries {playedUpTo + 1}..{after[^1].Index} are unreachable: log play stops at entry {playedUpTo}");
        }
    }

    /// <summary>
    /// Memory failures this host recorded for the file system (see PoisonLedger), less the ranges
    /// the master cleared in the shared poison list: each is an error, naming the files over it.
    /// </summary>
    private static void CheckPoison(FsckReport report, Superblock superblock, FsTree tree, string runDirectory, IReadOnlyList<DeviceRange>? sharedClears = null)
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
            var files = FilesOver(tree, range);
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

    /// <summary>Files refused for sharing space with an earlier file, named by path for the report.</summary>
    private static void ReportCrossLinks(FsckReport report, FsTree tree, IReadOnlyList<PlayOutcome> outcomes, SpaceAdmission admission)
    {
        foreach (var conflict in admission.Conflicts)
        {
            var first = tree.FindByInode(FsNode.InodeForIndex(conflict.FirstIndex))?.Path ?? $"entry {conflict.FirstIndex}";
            var second = outcomes.FirstOrDefault(o => o.Record.Index == conflict.SecondIndex)?.Record.Entry is FileEntry file ? file.Path : $"entry {conflict.SecondIndex}";
            report.CrossLinks.Add(new CrossLink(first, conflict.FirstIndex, second, conflict.SecondIndex, (long)conflict.Offset, (long)conflict.Length));
            report.Errors.Add($"cross-link: '{first}' (entry {conflict.FirstIndex}) and '{second}' (entry {conflict.SecondIndex}) share device range [{conflict.Offset}, {conflict.Offset + conflict.Length}); '{second}' is not served");
        }
    }
}
