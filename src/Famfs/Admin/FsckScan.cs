using System.Text;
using System.Text.Unicode;
using Famfs.Allocation;
using Famfs.Errors;
using Famfs.Format;
using Famfs.Log;
using Famfs.Namespace;

namespace Famfs.Admin;

/// <summary>
/// fsck's pass over a sound log, as almost every log is: every check log play makes — each
/// committed entry's seqnum and CRC, its structure, its path (relative, under directories that
/// exist, not taken, not under .meta), its map holding its size, and its space judged and
/// claimed by the same <see cref="SpaceAdmission"/> — made on the log's bytes as read, with
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
        var scan = new FsckScan(new ScannedNames(checked((int)end)));
        admission.ExpectFiles(checked((int)end));
        Span<Extent> extents = stackalloc Extent[FormatConstants.MaxSimpleExtents];
        try
        {
            using var chunks = LogReadAhead.Start(metadata, end);
            for (var index = 0UL; chunks.TryTake(out var slots);)
            {
                for (var offset = 0; offset < slots.Length; offset += FormatConstants.LogEntrySize, index++)
                {
                    var bytes = slots.Slice(offset, FormatConstants.LogEntrySize);
                    if (!LogEntryCodec.SeqnumIs(bytes, index) || !scan.Plays(index, new LogEntryView(bytes), admission, extents))
                    {
                        return null;
                    }
                }
            }

            return chunks.AllRight && scan._names.NoFileNameTaken() ? scan : null;
        }
        catch (FamfsException)
        {
            return null; // the log could not be read so: the play reads it through its mapping, and reports
        }
    }

    private bool Plays(ulong index, LogEntryView entry, SpaceAdmission admission, Span<Extent> buffer)
    {
        var file = entry.RawType == (uint)LogEntryType.File;
        if (!file && entry.RawType != (uint)LogEntryType.Mkdir)
        {
            return entry.RawType == (uint)LogEntryType.AddDaxdev; // played as nothing; other types are warned about
        }

        if ((file && entry.MapDefect is not null) || !TryResolve(entry.PathField, out var parent, out var name, out var shared))
        {
            return false;
        }

        if (file)
        {
            var extents = entry.CopyExtents(buffer);
            if (entry.CannotHoldSize(extents) is not null || admission.Admit(index, extents) is not null || !_names.TryAddFile(parent, name))
            {
                return false;
            }

            Files++;
            FileBytes += entry.FileSize;
        }
        else if (_names.TryAddDirectory(parent, name))
        {
            Directories++;
        }
        else
        {
            return true; // a MKDIR of an existing directory plays as nothing, as in the reference
        }

        if (shared)
        {
            SharedAreaEntries.Add(index);
        }

        return true;
    }

    /// <summary>
    /// The directory that would hold the path in <paramref name="field"/> (up to its NUL) and
    /// the new name, as <see cref="PathResolver.TryResolveForCreate"/> finds them; false for every
    /// path it refuses, for a field with no NUL (a defect), and for the paths the scan leaves to
    /// it (see the class summary). One pass over the bytes: a general search per component would
    /// cost more than the short names it finds.
    /// </summary>
    private bool TryResolve(ReadOnlySpan<byte> field, out int parent, out ReadOnlySpan<byte> name, out bool underSharedArea)
    {
        parent = ScannedNames.Root;
        name = default;
        underSharedArea = false;
        if (field[0] is 0 or (byte)'/')
        {
            return false; // empty or absolute (an all-slash path is both)
        }

        var ascii = true;
        var start = 0;
        for (var i = 0; ; i++)
        {
            if (i == field.Length)
            {
                return false; // no NUL
            }

            var b = field[i];
            if (b is not ((byte)'/' or 0))
            {
                ascii &= b < 0x80;
                continue;
            }

            var component = field[start..i];
            start = i + 1;
            if (!component.IsEmpty) // "a//b" is "a/b", "a/" is "a"
            {
                if (component[0] == (byte)'.')
                {
                    if (component.SequenceEqual("."u8) || component.SequenceEqual(".."u8) || (name.IsEmpty && component.SequenceEqual(MetaName)))
                    {
                        return false;
                    }

                    underSharedArea |= name.IsEmpty && component.SequenceEqual(SharedAreaName);
                }

                if (!name.IsEmpty && (parent = _names.FindDirectory(parent, name)) == ScannedNames.Missing)
                {
                    return false;
                }

                name = component;
            }

            if (b == 0)
            {
                return ascii || Utf8.IsValid(field[..i]);
            }
        }
    }
}
