using Famfs.Errors;
using Famfs.Files;
using Famfs.Namespace;

namespace Famfs.Cli.Commands;

internal sealed record PlannedCopy(string Source, string Destination, long Size);

/// <summary>
/// Everything one cp will do, worked out before anything is logged: the directories and files
/// to create (in order, parents first), the data copies, and what is skipped and why. Every
/// source is examined (kind through links, size, readability), loops are found by the
/// identity of the directories being walked, and destinations are checked against the file
/// system and against each other. Paths, parents and space are checked by
/// <see cref="FamfsFileSystem.CreateAll"/> before it logs.
/// </summary>
internal sealed class CopyPlan(FamfsFileSystem fs, bool recursive, bool keepModes)
{
    private readonly Dictionary<string, (string Source, bool Directory)> _destinations = new(StringComparer.Ordinal);
    private readonly List<string> _claimed = [];

    /// <summary>Sources named on the command line that cannot be copied: each is reported, the others are copied.</summary>
    public List<FamfsException> BadSources { get; } = [];

    public List<NewEntry> Entries { get; } = [];

    public List<PlannedCopy> Copies { get; } = [];

    public List<string> Warnings { get; } = [];

    public long TotalBytes { get; private set; }

    public static CopyPlan Make(FamfsFileSystem fs, string[] sources, string destination, bool recursive, bool keepModes)
    {
        var plan = new CopyPlan(fs, recursive, keepModes);
        var destinationIsDirectory = fs.Find(destination) is FsDirectory;
        if (sources.Length > 1 && !destinationIsDirectory)
        {
            throw new FamfsException(Errno.ENOTDIR, $"copying {sources.Length} sources needs '{destination}' to be an existing famfs directory", "create it with famfs mkdir");
        }

        foreach (var source in sources)
        {
            var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(source));
            plan.AddChecked(source, destinationIsDirectory ? Child(destination, name) : destination, destinationIsDirectory);
        }

        // With nothing left to copy, the (first) bad source is the command's error.
        return plan.BadSources.Count > 0 && plan.Entries.Count == 0 && plan.Copies.Count == 0 ? throw plan.BadSources[0] : plan;
    }

    /// <summary>
    /// Adds one command-line source, or (as the reference copies each valid source) records it as
    /// bad and takes back whatever of it was planned, so nothing of a bad source is logged.
    /// </summary>
    private void AddChecked(string source, string destination, bool intoDirectory)
    {
        var (entries, copies, claimed, bytes, warnings) = (Entries.Count, Copies.Count, _claimed.Count, TotalBytes, Warnings.Count);
        try
        {
            AddSource(source, destination, intoDirectory);
        }
        catch (FamfsException e)
        {
            BadSources.Add(e);
            Entries.RemoveRange(entries, Entries.Count - entries);
            Copies.RemoveRange(copies, Copies.Count - copies);
            Warnings.RemoveRange(warnings, Warnings.Count - warnings);
            _claimed.Skip(claimed).ToList().ForEach(key => _destinations.Remove(key));
            _claimed.RemoveRange(claimed, _claimed.Count - claimed);
            TotalBytes = bytes;
        }
    }

    private static string Child(string directory, string name) => directory.Trim('/').Length == 0 ? name : $"{directory.TrimEnd('/')}/{name}";

    /// <summary>A source named on the command line: a link is followed, and anything that cannot be copied is an error.</summary>
    private void AddSource(string source, string destination, bool intoDirectory)
    {
        var status = LocalFile.Stat(source, followLinks: true);
        if (status is null)
        {
            throw LocalFile.Stat(source, followLinks: false) is { Kind: LocalFileKind.SymbolicLink }
                ? new FamfsException(Errno.ENOENT, $"source '{source}' is a symbolic link to '{LinkTarget(source)}', which does not exist", "give the file it should point to")
                : new FamfsException(Errno.ENOENT, $"source '{source}' does not exist");
        }

        switch (status.Value.Kind)
        {
            case LocalFileKind.Directory when !recursive:
                throw new FamfsException(Errno.EISDIR, $"'{source}' is a directory", "use -r to copy directories");
            case LocalFileKind.Directory:
                AddDirectory(source, destination, status.Value, [Identity(status.Value)]);
                break;
            case LocalFileKind.Regular when status.Value.Size == 0:
                throw new FamfsException(Errno.EINVAL, $"source '{source}' is empty: famfs files cannot be empty", "leave it out");
            case LocalFileKind.Regular when !intoDirectory && destination.EndsWith('/'):
                throw new FamfsException(Errno.ENOTDIR, $"'{destination}' ends in '/' but is not an existing famfs directory",
                    "create the directory first (famfs mkdir), or drop the trailing '/' to copy to a file of that name");
            case LocalFileKind.Regular:
                AddFile(source, destination, status.Value);
                break;
            default:
                throw new FamfsException(Errno.ENODEV, $"source '{source}' is {status.Value.Kind.Describe()}, not a regular file or directory",
                    "famfs cp copies regular files and directories");
        }
    }

    /// <param name="walking">Identities of the directories from the source root down to this one: a link back to any of them is a loop.</param>
    private void AddDirectory(string source, string destination, LocalFileStatus status, List<(ulong, ulong)> walking)
    {
        // Early, so a tree that cannot fit is refused before all of it has been walked.
        FamfsFileSystem.CheckNewPath(FamfsFileSystem.Normalize(destination));
        switch (fs.Find(destination))
        {
            case FsFile:
                throw new FamfsException(Errno.EEXIST, $"cannot copy directory '{source}' to '{FamfsFileSystem.Normalize(destination)}': a file of that name exists");
            case FsDirectory:
                Claim(source, destination, directory: true);
                break;
            default:
                if (Claim(source, destination, directory: true))
                {
                    Entries.Add(NewEntry.Directory(destination, keepModes ? status.Mode : null));
                }

                break;
        }

        foreach (var child in List(source))
        {
            var name = Path.GetFileName(child);
            var childDestination = Child(destination, name);
            var childStatus = LocalFile.Stat(child, followLinks: false);
            var link = childStatus is { Kind: LocalFileKind.SymbolicLink } ? $"a symbolic link to '{LinkTarget(child)}', " : null;
            if (link is not null)
            {
                childStatus = LocalFile.Stat(child, followLinks: true);
                if (childStatus is null)
                {
                    Warnings.Add($"skipped '{child}': {link}which does not exist");
                    continue;
                }
            }

            // Through a link above it, even a plain directory can be one this copy is inside.
            if (childStatus is { Kind: LocalFileKind.Directory } && walking.Contains(Identity(childStatus.Value)))
            {
                Warnings.Add($"skipped '{child}': {link}a directory this copy is already inside (it would loop)");
                continue;
            }

            switch (childStatus?.Kind)
            {
                case null:
                    continue; // removed while we looked: nothing to copy
                case LocalFileKind.Directory:
                    AddDirectory(child, childDestination, childStatus.Value, [.. walking, Identity(childStatus.Value)]);
                    break;
                case LocalFileKind.Regular:
                    AddFile(child, childDestination, childStatus.Value);
                    break;
                default:
                    Warnings.Add($"skipped '{child}': {childStatus.Value.Kind.Describe()}, not a regular file or directory");
                    break;
            }
        }
    }

    private void AddFile(string source, string destination, LocalFileStatus status)
    {
        if (status.Size == 0)
        {
            Warnings.Add($"skipped empty file '{source}': famfs files cannot be empty");
            return;
        }

        CheckReadable(source);
        switch (fs.Find(destination))
        {
            case FsFile existing when existing.SizeBytes == status.Size:
                Claim(source, destination, directory: false); // same size: overwrite its content (restartable copy)
                break;
            case FsFile existing:
                throw new FamfsException(Errno.EEXIST, $"'{existing.Path}' exists with size {existing.Size}, not {status.Size} like '{source}'",
                    "famfs files cannot be resized; copy to another name");
            case FsDirectory:
                throw new FamfsException(Errno.EISDIR, $"cannot copy file '{source}' to '{FamfsFileSystem.Normalize(destination)}': it is a directory");
            default:
                Claim(source, destination, directory: false);
                Entries.Add(NewEntry.File(destination, status.Size, keepModes ? status.Mode : null));
                break;
        }

        Copies.Add(new PlannedCopy(source, destination, (long)status.Size));
        TotalBytes += (long)status.Size;
    }

    /// <summary>Records that <paramref name="source"/> goes to <paramref name="destination"/>; false if a directory is already going there.</summary>
    private bool Claim(string source, string destination, bool directory)
    {
        var key = FamfsFileSystem.Normalize(destination);
        if (_destinations.TryGetValue(key, out var earlier))
        {
            return directory && earlier.Directory ? false : throw new FamfsException(Errno.EEXIST,
                $"'{earlier.Source}' and '{source}' would both be copied to '{key}'", "copy them to different names, one at a time");
        }

        _destinations.Add(key, (source, directory));
        _claimed.Add(key);
        return true;
    }

    private static IEnumerable<string> List(string directory)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw e is UnauthorizedAccessException
                ? new FamfsException(Errno.EACCES, $"no permission to list source directory '{directory}'", "fix its permissions, or run as a user who may read it", e)
                : new FamfsException(Errno.EIO, $"cannot list source directory '{directory}': {e.Message}", inner: e);
        }
    }

    private static void CheckReadable(string source)
    {
        try
        {
            File.OpenHandle(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite).Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CpCommand.SourceError(source, e);
        }
    }

    private static (ulong, ulong) Identity(LocalFileStatus status) => (status.Device, status.Inode);

    private static string LinkTarget(string link) => new FileInfo(link).LinkTarget ?? "?";
}
