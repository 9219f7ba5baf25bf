using Famfs.Allocation;
using Famfs.Format;
using Famfs.Log;
using Famfs.Namespace;

namespace Famfs.Admin;

// The log pass: a scan that proves a sound log sound (FsckScan), or a full play that reports
// every entry; what either leaves for the checks after it is a CheckedLog.
public static partial class Fsck
{
    /// <summary>
    /// A sound log scanned, or null when the scan finds anything to report (the log is then
    /// played). Only the shared host area is looked up by path in a sound log before a memory
    /// failure asks for files: its own entries, played alone, make the tree that finds it.
    /// </summary>
    private static CheckedLog? Scan(FsckReport report, FamfsMetadata metadata)
    {
        var admission = NewAdmission(metadata);
        if (FsckScan.Run(metadata, admission) is not { } scan)
        {
            return null;
        }

        report.FileBytes = scan.FileBytes;
        var sharedArea = new FsTree();
        if (scan.SharedAreaEntries.Count > 0)
        {
            LogPlayer.Play(sharedArea, scan.SharedAreaEntries.Select(metadata.ReadRecord), NewAdmission(metadata));
        }

        FsTree? tree = null;
        return new CheckedLog(admission, scan.Files, scan.Directories, sharedArea, () => tree ??= Play(metadata, NewAdmission(metadata)).Tree);
    }

    /// <summary>Plays the whole log and reports every entry with a problem, what play cannot reach, and cross-links.</summary>
    private static CheckedLog Play(FsckReport report, FamfsMetadata metadata)
    {
        var admission = NewAdmission(metadata);
        var (tree, outcomes) = Play(metadata, admission);
        report.Entries.AddRange(outcomes);
        report.DamagedEntries = outcomes.Count(o => o.IsDamage);
        report.FileBytes = outcomes.Where(o => o.Problem is null).Select(o => o.Record.Entry).OfType<FileEntry>().Aggregate(0UL, (sum, f) => sum + f.Size);
        foreach (var outcome in outcomes.Where(o => o.Problem is not null))
        {
            (outcome.IsDamage ? report.Errors : report.Warnings).Add(outcome.Describe());
        }

        ReportUnreachable(report, metadata, tree.NextIndex, outcomes);
        ReportCrossLinks(report, tree, outcomes, admission);
        return new CheckedLog(admission, tree.FileCount, tree.DirectoryCount, tree, () => tree);
    }

    private static (FsTree Tree, IReadOnlyList<PlayOutcome> Outcomes) Play(FamfsMetadata metadata, SpaceAdmission admission)
    {
        var tree = new FsTree();
        return (tree, LogPlayer.Play(tree, metadata.ReadRecords(), admission));
    }

    private static SpaceAdmission NewAdmission(FamfsMetadata metadata) => SpaceAdmission.For(metadata.Superblock, metadata.Device.SizeBytes);

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

    /// <summary>What fsck's pass over the log leaves for the checks after it.</summary>
    /// <param name="SharedAreaTree">A tree holding at least the shared host area (.famfs and what is under it).</param>
    /// <param name="Tree">The whole tree; after a scan, played when first asked for.</param>
    private sealed record CheckedLog(SpaceAdmission Admission, int Files, int Directories, FsTree SharedAreaTree, Func<FsTree> Tree);
}
