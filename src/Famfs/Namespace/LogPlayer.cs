using Famfs.Format;
using Famfs.Log;

namespace Famfs.Namespace;

/// <summary>
/// Plays log records into an <see cref="FsTree"/> as the reference logplay does: in index
/// order, stopping at the first record whose CRC or seqnum is wrong; a record that is intact
/// but unplayable (bad path, space the <see cref="IFileAdmission"/> refuses, unsupported type)
/// is reported and skipped, and so, as a warning only, is anything logged under the reserved
/// root name .meta (<see cref="PathResolver.MetaDirectoryName"/>). The first problem that makes
/// the log damaged is kept as <see cref="FsTree.Damage"/>: nothing may be appended to that log
/// any more.
/// </summary>
internal static class LogPlayer
{
    /// <summary>
    /// Plays <paramref name="records"/> (which must start at the tree's NextIndex) and returns
    /// one outcome per record looked at, the stopping record included. Every FILE entry's space
    /// is judged by <paramref name="admission"/> before the file is added.
    /// </summary>
    public static IReadOnlyList<PlayOutcome> Play(FsTree tree, IEnumerable<LogRecord> records, IFileAdmission admission)
    {
        var outcomes = new List<PlayOutcome>();
        foreach (var record in records)
        {
            if (record.StopsPlay)
            {
                Record(tree, outcomes, new PlayOutcome(record, $"{record.Corruption}; log play stops here"));
                break;
            }

            Record(tree, outcomes, Apply(tree, record, admission));
            tree.NextIndex = record.Index + 1;
        }

        return outcomes;
    }

    private static void Record(FsTree tree, List<PlayOutcome> outcomes, PlayOutcome outcome)
    {
        outcomes.Add(outcome);
        if (outcome.IsDamage)
        {
            tree.Damage ??= outcome;
        }
    }

    private static PlayOutcome Apply(FsTree tree, LogRecord record, IFileAdmission admission)
    {
        var entry = record.Entry;
        if (entry.Defect is not null)
        {
            return new PlayOutcome(record, entry.Defect);
        }

        return entry switch
        {
            // Another famfs may have logged it; the mount serves its own .meta there, so the entry
            // is left out rather than shown twice. A file's space stays taken: its data is kept.
            FileEntry file when PathResolver.IsUnderMeta(file.Path) =>
                Admit(record.Index, file, admission) is { } refused ? new PlayOutcome(record, refused) : SkippedMeta(record, file.Path),
            MkdirEntry dir when PathResolver.IsUnderMeta(dir.Path) => SkippedMeta(record, dir.Path),
            FileEntry file => new PlayOutcome(record, AddFile(tree, record.Index, file, admission)),
            MkdirEntry dir => new PlayOutcome(record, AddDirectory(tree, record.Index, dir)),
            AddDaxdevEntry => new PlayOutcome(record, null),
            _ => new PlayOutcome(record, $"entry type {LogEntryNames.TypeName(entry.RawType)} is not supported; ignored"),
        };
    }

    /// <summary>Null when the file's map holds its size and its space is admitted (and now taken); otherwise why not.</summary>
    private static string? Admit(ulong index, FileEntry file, IFileAdmission admission) =>
        file.Map.CannotHold(file.Size) ?? admission.Admit(index, file);

    private static PlayOutcome SkippedMeta(LogRecord record, string path) => new(record,
        $"'{path}' is under '{PathResolver.MetaDirectoryName}', the name the mount keeps for its metadata files; not played", Skipped: true);

    /// <summary>
    /// Plays an entry its writer just appended (at its Seqnum, the next index to play), whose
    /// path the writer already resolved to <paramref name="parent"/>/<paramref name="name"/>
    /// under the log lock: the tree gets the node without resolving the path a second time.
    /// Returns the node, or null when <paramref name="parent"/> already holds <paramref name="name"/>.
    /// </summary>
    public static FsNode? PlayAppended(FsTree tree, LogEntry entry, FsDirectory parent, string name)
    {
        var inode = FsNode.InodeForIndex(entry.Seqnum);
        FsNode node = entry switch
        {
            FileEntry file => new FsFile(name, parent, inode, file),
            MkdirEntry dir => new FsDirectory(name, parent, inode, dir.Mode, dir.Uid, dir.Gid),
            _ => throw new ArgumentException($"only FILE and MKDIR entries are created, not {LogEntryNames.TypeName(entry.RawType)}", nameof(entry)),
        };
        var added = tree.TryAdd(parent, node);
        tree.NextIndex = entry.Seqnum + 1; // after the node is findable (see FsTree.NextIndex)
        return added ? node : null;
    }

    private static string? AddFile(FsTree tree, ulong index, FileEntry file, IFileAdmission admission)
    {
        if (Admit(index, file, admission) is { } refused)
        {
            return refused;
        }

        if (!PathResolver.TryResolveForCreate(tree.Root, file.Path, out var t, out var problem))
        {
            return problem;
        }

        var node = new FsFile(t.Name, t.Parent, FsNode.InodeForIndex(index), file);
        return tree.TryAdd(t.Parent, node) ? null : $"'{node.Path}' already exists";
    }

    private static string? AddDirectory(FsTree tree, ulong index, MkdirEntry dir)
    {
        if (!PathResolver.TryResolveForCreate(tree.Root, dir.Path, out var t, out var problem))
        {
            return problem;
        }

        switch (t.Parent.Find(t.Name))
        {
            case FsDirectory:
                return null; // mkdir over an existing directory is fine, as in the reference
            case FsFile existing:
                return $"'{existing.Path}' already exists as a file";
        }

        var node = new FsDirectory(t.Name, t.Parent, FsNode.InodeForIndex(index), dir.Mode, dir.Uid, dir.Gid);
        return tree.TryAdd(t.Parent, node) ? null : $"'{node.Path}' already exists";
    }
}
