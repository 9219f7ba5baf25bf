using System.Text;
using System.Text.Unicode;
using Famfs.Allocation;
using Famfs.Format;
using Famfs.Log;
using Famfs.Namespace;

namespace Famfs.Admin;

/// <summary>
/// fsck's pass over a sound log, as almost every log is: every check log play makes — each
/// committed entry's seqnum and CRC, its structure, its path (relative, under directories that
/// exist, not taken, not under .meta), its map holding its size, and its space judged and
/// claimed by the same <see cref="SpaceAdmission"/> — made straight on the mapped bytes, with
/// no record, node or string per entry. It proves a log clean or gives up: at the first entry
/// log play would say anything about (an error or a warning), or one it does not judge itself
/// (a path holding "." or "..", or bytes that are not UTF-8), <see cref="Run"/> returns null
/// and fsck plays the log in full for its report. So its verdict never differs from a play's,
/// and nor do the figures it counts.
/// </summary>
internal sealed class FsckScan
{
    private static readonly byte[] MetaName = Encoding.UTF8.GetBytes(PathResolver.MetaDirectoryName);
    private static readonly byte[] SharedAreaName = Encoding.UTF8.GetBytes(SharedAreaLayout.Directory);

    private readonly ScannedNames _names;

    private FsckScan(ScannedNames names) => _names = names;

    /// <summary>Files the log creates.</summary>
    public int Files { get; private set; }

    /// <summary>Directories the log creates (a MKDIR of an existing directory creates none).</summary>
    public int Directories { get; private set; }

    /// <summary>The sum of every file's size (wrapping, as fsck's figure does).</summary>
    public ulong FileBytes { get; private set; }

    /// <summary>The entries that create the shared host area's directory and what is under it, in log order.</summary>
    public List<ulong> SharedAreaEntries { get; } = [];

    /// <summary>
    /// Scans the committed entries of <paramref name="metadata"/>'s log, claiming files' space in
    /// <paramref name="admission"/> (a fresh one); null when log play would report anything.
    /// </summary>
    public static FsckScan? Run(FamfsMetadata metadata, SpaceAdmission admission)
    {
        var end = metadata.CommittedEnd(metadata.ReadHeader().NextIndex);
        var slots = metadata.SlotsBytes(end);
        var scan = new FsckScan(new ScannedNames(checked((int)end)));
        Span<Extent> extents = stackalloc Extent[FormatConstants.MaxSimpleExtents];
        for (var index = 0UL; index < end; index++)
        {
            var bytes = slots.Slice((int)index * FormatConstants.LogEntrySize, FormatConstants.LogEntrySize);
            if (!LogEntryCodec.IsCommitted(bytes, index) || !scan.Plays(index, new LogEntryView(bytes), admission, extents))
            {
                return null;
            }
        }

        return scan;
    }

    private bool Plays(ulong index, LogEntryView entry, SpaceAdmission admission, Span<Extent> buffer)
    {
        var file = entry.RawType == (uint)LogEntryType.File;
        if (!file && entry.RawType != (uint)LogEntryType.Mkdir)
        {
            return entry.RawType == (uint)LogEntryType.AddDaxdev; // played as nothing; other types are warned about
        }

        if (entry.Defect is not null || !TryResolve(entry.Path, out var parent, out var name, out var shared))
        {
            return false;
        }

        if (file)
        {
            var extents = entry.CopyExtents(buffer);
            if (entry.CannotHoldSize(extents) is not null || admission.Admit(index, extents) is not null)
            {
                return false;
            }
        }

        var node = _names.FindOrAdd(parent, name, directory: !file, out var added);
        if (!added)
        {
            // A MKDIR of an existing directory plays as nothing, as in the reference; any other name taken is an error.
            return !file && _names.IsDirectory(node);
        }

        if (file)
        {
            Files++;
            FileBytes += entry.FileSize;
        }
        else
        {
            Directories++;
        }

        if (shared)
        {
            SharedAreaEntries.Add(index);
        }

        return true;
    }

    /// <summary>
    /// The directory that would hold <paramref name="path"/> and the new name, as
    /// <see cref="PathResolver.TryResolveForCreate"/> finds them; false for every path it refuses
    /// and for those the scan leaves to it (see the class summary).
    /// </summary>
    private bool TryResolve(ReadOnlySpan<byte> path, out int parent, out ReadOnlySpan<byte> name, out bool underSharedArea)
    {
        parent = ScannedNames.Root;
        name = default;
        underSharedArea = false;
        if (path.IsEmpty || path[0] == (byte)'/' || !Utf8.IsValid(path))
        {
            return false; // empty or absolute (an all-slash path is both)
        }

        var rest = path.TrimEnd((byte)'/');
        var first = true;
        while (true)
        {
            var slash = rest.IndexOf((byte)'/');
            var component = slash < 0 ? rest : rest[..slash];
            rest = slash < 0 ? default : rest[(slash + 1)..];
            if (component.IsEmpty)
            {
                continue; // "a//b" is "a/b"
            }

            if (component.SequenceEqual("."u8) || component.SequenceEqual(".."u8) || (first && component.SequenceEqual(MetaName)))
            {
                return false;
            }

            underSharedArea |= first && component.SequenceEqual(SharedAreaName);
            first = false;
            if (slash < 0)
            {
                name = component;
                return true;
            }

            parent = _names.Find(parent, component);
            if (parent == ScannedNames.Missing || !_names.IsDirectory(parent))
            {
                return false;
            }
        }
    }
}
