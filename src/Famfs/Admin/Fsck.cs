using Famfs.Allocation;
using Famfs.Devices;
using Famfs.Files;
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
public static class Fsck
{
    public static FsckReport Run(MemoryDevice device)
    {
        var report = new FsckReport { DevicePath = device.Path, DeviceSize = device.Size };
        var superblock = CheckSuperblock(device, report);
        if (superblock is null)
        {
            return report;
        }

        using var metadata = FamfsMetadata.MapUnchecked(device, superblock, writable: false);
        var header = metadata.ReadHeader();
        report.LogHeader = header;
        var headerProblems = LogHeaderCodec.Validate(header, metadata.HeaderBytes, superblock.LogLength);
        report.Errors.AddRange(headerProblems);
        if (LogHeaderCodec.IsTornAppend(header))
        {
            report.Warnings.Add($"log header next seqnum {header.NextSeqnum} is one past next index {header.NextIndex}: an append was interrupted before it indexed its entry (harmless; the next append repairs it)");
        }
        if (header.Magic != FormatConstants.LogMagic)
        {
            return report;
        }

        var tree = new FsTree();
        var outcomes = LogPlayer.Play(tree, metadata.ReadRecords());
        report.Entries.AddRange(outcomes);
        ReportEntries(report, outcomes);
        ReportUnreachable(report, metadata, tree.NextIndex, outcomes);
        CheckAllocation(report, superblock, device.Size, tree);
        CheckPoison(report, superblock, tree);
        return report;
    }

    private static Superblock? CheckSuperblock(MemoryDevice device, FsckReport report)
    {
        var (superblock, problems) = SuperblockCodec.Read(device);
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

        var metadataLength = FormatConstants.MetadataLength(superblock.LogLength);
        if (device.Size < metadataLength)
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
            var what = $"log entry {outcome.Record.Index} ({LogEntryNames.Describe(outcome.Record.Entry)}): {outcome.Problem}";
            if (outcome.Record.Entry is OpaqueEntry && !outcome.Record.StopsPlay)
            {
                report.Warnings.Add(what);
            }
            else
            {
                report.Errors.Add(what);
            }
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

    /// <summary>Memory failures this host recorded for the file system (see PoisonLedger): each is an error, naming the files over it.</summary>
    private static void CheckPoison(FsckReport report, Superblock superblock, FsTree tree)
    {
        var ledger = PoisonLedger.For(superblock.FsUuid);
        var (ranges, problems) = ledger.ReadAll();
        report.Errors.AddRange(problems);
        foreach (var range in ranges)
        {
            var files = tree.Files()
                .Where(file => file.Map.DeviceExtents.Any(extent => extent.Length > 0 && new DeviceRange(extent.Offset, extent.Length).Overlaps(range)))
                .Select(file => file.Path)
                .ToList();
            report.Poisoned.Add(new PoisonedRange(range, files));
            report.Errors.Add(files.Count == 0
                ? $"memory failure recorded in {range} ({ledger.Path}); no file is affected"
                : $"memory failure recorded in {range} ({ledger.Path}); poisoned file(s): {string.Join(", ", files.Select(f => $"'{f}'"))}");
        }
    }

    private static void CheckAllocation(FsckReport report, Superblock superblock, ulong deviceSize, FsTree tree)
    {
        var unit = superblock.AllocationUnit;
        var map = new AllocationMap(deviceSize, unit, FormatConstants.MetadataLength(superblock.LogLength));
        var owners = new List<FsFile>();
        foreach (var file in tree.Files().OrderBy(f => f.Inode))
        {
            var index = file.LogIndex;
            var label = $"file '{file.Path}' (log entry {index})";
            var extents = file.Map.DeviceExtents;
            foreach (var extent in extents)
            {
                if (extent.DevIndex != 0)
                {
                    report.Errors.Add($"{label}: extent on device index {extent.DevIndex}; only device 0 exists");
                }

                if (extent.Offset % unit != 0)
                {
                    report.Errors.Add($"{label}: extent at offset {extent.Offset} is not aligned to the {unit}-byte allocation unit");
                }

                if (extent.Offset >= deviceSize || extent.Length > deviceSize - extent.Offset)
                {
                    report.Errors.Add($"{label}: extent [{extent.Offset}, {extent.End}) goes past the end of the {deviceSize}-byte device");
                }

                foreach (var collision in map.Claim(extent, owners.Count))
                {
                    var offset = collision.StartUnit * unit;
                    var length = (collision.EndUnit - collision.StartUnit) * unit;
                    if (collision.WithMetadata)
                    {
                        report.Errors.Add($"{label}: extent overlaps the superblock and log at [{offset}, {offset + length})");
                        continue;
                    }

                    var other = owners.Count == collision.OtherOwner ? file : owners[collision.OtherOwner];
                    report.CrossLinks.Add(new CrossLink(other.Path, other.LogIndex, file.Path, index, offset, length));
                    report.Errors.Add($"cross-link: '{other.Path}' (entry {other.LogIndex}) and '{file.Path}' (entry {index}) share device range [{offset}, {offset + length})");
                }
            }


            owners.Add(file);
        }

        report.Statistics = new FsckStatistics(deviceSize, unit, map.UnitCount, map.ReservedUnits, map.AllocatedUnits,
            map.UnitCount - map.AllocatedUnits, tree.FileCount, tree.DirectoryCount);
    }
}
