using System.Collections.Concurrent;
using System.CommandLine;
using Famfs.Cli.Output;
using Famfs.Errors;
using Famfs.Files;
using Famfs.Namespace;

namespace Famfs.Cli.Commands;

/// <summary>
/// famfs cp: copy files or trees INTO famfs (master only). Every source is examined and every
/// destination checked before anything is logged, so a bad source changes nothing; then the
/// directories and files are created in one go and their data copied. An existing destination
/// file is overwritten only if it has exactly the source's size, so an interrupted cp can be rerun.
/// Symbolic links are followed (famfs has none): a file link copies the file it points to; in a
/// tree, a link to a directory that is being copied (a loop), a link to nothing, and FIFOs,
/// sockets and devices are skipped with a warning.
/// </summary>
internal static class CpCommand
{
    /// <summary>How many names a message lists before it only counts the rest.</summary>
    private const int NamesShown = 5;

    public static Command Create()
    {
        var files = new FileOptions();
        var recursive = new Option<bool>("--recursive", "-r") { Description = "Copy directories recursively" };
        var threads = CommonOptions.Threads("Threads copying data");
        var verbose = CommonOptions.Verbose();
        var paths = new Argument<string[]>("SRC... DEST") { Description = "Local sources, then the famfs destination", Arity = new ArgumentArity(2, 100_000) };
        var command = new Command("cp", "Copy files into a famfs file system (master only)") { files.Device, recursive, threads, verbose, paths };
        files.AddOwnership(command);
        files.AddInterleave(command);
        command.SetHandler(result =>
        {
            var threadCount = CommonOptions.ThreadCount(result, threads);
            var all = result.GetRequiredValue(paths);
            using var target = files.Open(result, all[^1], readOnly: false);
            var fs = target.FileSystem;
            var plan = CopyPlan.Make(fs, all[..^1], target.Relative(all[^1]), result.GetValue(recursive));
            foreach (var warning in plan.Warnings)
            {
                Console.Error.WriteLine($"famfs cp: warning: {warning}");
            }

            // Only where the caller may create (a directory it may write and search), as cp(1).
            foreach (var entry in plan.Entries)
            {
                target.DemandCreate(entry.Path);
            }

            CreateEntries(fs, plan, files.CreateOptions(result), target);
            if (result.GetValue(verbose))
            {
                foreach (var copy in plan.Copies)
                {
                    Console.WriteLine($"famfs cp: '{copy.Source}' -> '{FamfsFileSystem.Normalize(copy.Destination)}'");
                }
            }

            CopyAll(target, plan, threadCount);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Logs the plan's new directories and files; a failure part-way names what it left behind.</summary>
    private static void CreateEntries(FamfsFileSystem fs, CopyPlan plan, CreateOptions options, FamfsTarget target)
    {
        if (plan.Entries.Count == 0)
        {
            return;
        }

        try
        {
            fs.CreateAll(plan.Entries, options);
        }
        catch (FamfsException e)
        {
            var files = plan.Entries.Where(n => n.Size is not null && fs.Find(n.Path) is not null).Select(n => n.Path).ToList();
            var directories = plan.Entries.Count(n => n.Size is null && fs.Find(n.Path) is not null);
            if (files.Count == 0 && directories == 0)
            {
                throw;
            }

            throw new FamfsException(e.Errno,
                $"{e.Message}; before that, {directories} directories and {files.Count} files were created{(files.Count > 0 ? $" (the files hold zeros: {Names(files)})" : string.Empty)}",
                $"{e.Remedy ?? "fix the problem"}, then run the same famfs cp again: it fills files of the right size and keeps existing directories",
                e);
        }
        finally
        {
            target.NotifyMount(); // whatever was created shows in the mount, also after a failure
        }
    }

    private static void CopyAll(FamfsTarget target, CopyPlan plan, int threads)
    {
        // A file this cp created is filled whatever its mode, as open(O_CREAT) lets its creator;
        // an existing one is overwritten only if the caller may write it.
        var created = plan.Entries.Where(entry => entry.Size is not null).Select(entry => FamfsFileSystem.Normalize(entry.Path)).ToHashSet(StringComparer.Ordinal);
        var done = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        try
        {
            Progress.Run("copying", plan.TotalBytes, progress =>
                Parallel.ForEach(plan.Copies, new ParallelOptions { MaxDegreeOfParallelism = threads }, copy =>
                {
                    CopyData(target, copy, created.Contains(FamfsFileSystem.Normalize(copy.Destination)), progress);
                    done[copy.Destination] = true;
                }));
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions.OfType<FamfsException>().FirstOrDefault() is { } first)
        {
            var unfinished = plan.Copies.Where(c => !done.ContainsKey(c.Destination)).Select(c => FamfsFileSystem.Normalize(c.Destination)).ToList();
            throw new FamfsException(first.Errno,
                $"{first.Message}; {unfinished.Count} of {plan.Copies.Count} files were not filled completely and hold zeros, partial or old data: {Names(unfinished)}",
                $"{first.Remedy ?? "fix the problem"}, then run the same famfs cp again: it refills files of the right size",
                e);
        }
    }

    private static void CopyData(FamfsTarget target, PlannedCopy copy, bool created, Action<long> progress)
    {
        try
        {
            using var input = File.OpenHandle(copy.Source, FileMode.Open, FileAccess.Read, FileShare.Read, System.IO.FileOptions.SequentialScan);
            using var output = created ? target.FileSystem.OpenFile(copy.Destination, writable: true) : target.OpenFile(copy.Destination, writable: true);
            output.CopyFrom(input, copy.Source, progress);
        }
        catch (Exception e) when (e is (IOException and not FamfsException) or UnauthorizedAccessException)
        {
            throw SourceError(copy.Source, e);
        }
    }

    /// <summary>A source that could not be opened or read, as a user error: it changed since it was examined, or the disk failed.</summary>
    private static FamfsException SourceError(string source, Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => new FamfsException(Errno.ENOENT, $"source '{source}' does not exist (any more)", inner: e),
        UnauthorizedAccessException => new FamfsException(Errno.EACCES, $"no permission to read source '{source}'",
            "fix its permissions, or run as a user who may read it", e),
        _ => new FamfsException(Errno.EIO, $"cannot read source '{source}': {e.Message}", inner: e),
    };

    private static string Names(IReadOnlyList<string> names) =>
        string.Join(", ", names.Take(NamesShown)) + (names.Count > NamesShown ? $" and {names.Count - NamesShown} more" : string.Empty);

    private sealed record PlannedCopy(string Source, string Destination, long Size);

    /// <summary>
    /// Everything one cp will do, worked out before anything is logged: the directories and files
    /// to create (in order, parents first), the data copies, and what is skipped and why. Every
    /// source is examined (kind through links, size, readability), loops are found by the
    /// identity of the directories being walked, and destinations are checked against the file
    /// system and against each other. Paths, parents and space are checked by
    /// <see cref="FamfsFileSystem.CreateAll"/> before it logs.
    /// </summary>
    private sealed class CopyPlan(FamfsFileSystem fs, bool recursive)
    {
        private readonly Dictionary<string, (string Source, bool Directory)> _destinations = new(StringComparer.Ordinal);

        public List<NewEntry> Entries { get; } = [];

        public List<PlannedCopy> Copies { get; } = [];

        public List<string> Warnings { get; } = [];

        public long TotalBytes { get; private set; }

        public static CopyPlan Make(FamfsFileSystem fs, string[] sources, string destination, bool recursive)
        {
            var plan = new CopyPlan(fs, recursive);
            var destinationIsDirectory = fs.Find(destination) is FsDirectory;
            if (sources.Length > 1 && !destinationIsDirectory)
            {
                throw new FamfsException(Errno.ENOTDIR, $"copying {sources.Length} sources needs '{destination}' to be an existing famfs directory", "create it with famfs mkdir");
            }

            foreach (var source in sources)
            {
                var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(source));
                plan.AddSource(source, destinationIsDirectory ? Child(destination, name) : destination, destinationIsDirectory);
            }

            return plan;
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
                    AddDirectory(source, destination, [Identity(status.Value)]);
                    break;
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
        private void AddDirectory(string source, string destination, List<(ulong, ulong)> walking)
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
                        Entries.Add(NewEntry.Directory(destination));
                    }

                    break;
            }

            foreach (var child in List(source))
            {
                var name = Path.GetFileName(child);
                var childDestination = Child(destination, name);
                var status = LocalFile.Stat(child, followLinks: false);
                var link = status is { Kind: LocalFileKind.SymbolicLink } ? $"a symbolic link to '{LinkTarget(child)}', " : null;
                if (link is not null)
                {
                    status = LocalFile.Stat(child, followLinks: true);
                    if (status is null)
                    {
                        Warnings.Add($"skipped '{child}': {link}which does not exist");
                        continue;
                    }
                }

                // Through a link above it, even a plain directory can be one this copy is inside.
                if (status is { Kind: LocalFileKind.Directory } && walking.Contains(Identity(status.Value)))
                {
                    Warnings.Add($"skipped '{child}': {link}a directory this copy is already inside (it would loop)");
                    continue;
                }

                switch (status?.Kind)
                {
                    case null:
                        continue; // removed while we looked: nothing to copy
                    case LocalFileKind.Directory:
                        AddDirectory(child, childDestination, [.. walking, Identity(status.Value)]);
                        break;
                    case LocalFileKind.Regular:
                        AddFile(child, childDestination, status.Value);
                        break;
                    default:
                        Warnings.Add($"skipped '{child}': {status.Value.Kind.Describe()}, not a regular file or directory");
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
                case FsFile existing when existing.Size == status.Size:
                    Claim(source, destination, directory: false); // same size: overwrite its content (restartable copy)
                    break;
                case FsFile existing:
                    throw new FamfsException(Errno.EEXIST, $"'{existing.Path}' exists with size {existing.Size}, not {status.Size} like '{source}'",
                        "famfs files cannot be resized; copy to another name");
                case FsDirectory:
                    throw new FamfsException(Errno.EISDIR, $"cannot copy file '{source}' to '{FamfsFileSystem.Normalize(destination)}': it is a directory");
                default:
                    Claim(source, destination, directory: false);
                    Entries.Add(NewEntry.File(destination, status.Size));
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
                throw SourceError(source, e);
            }
        }

        private static (ulong, ulong) Identity(LocalFileStatus status) => (status.Device, status.Inode);

        private static string LinkTarget(string link) => new FileInfo(link).LinkTarget ?? "?";
    }
}
