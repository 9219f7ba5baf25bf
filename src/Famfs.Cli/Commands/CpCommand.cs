using System.CommandLine;
using Famfs.Cli.Output;
using Famfs.Errors;
using Famfs.Files;
using Famfs.Namespace;

namespace Famfs.Cli.Commands;

/// <summary>
/// famfs cp: copy files or trees INTO famfs (master only). An existing destination file is
/// overwritten only if it has exactly the source's size, so an interrupted cp can be rerun.
/// </summary>
internal static class CpCommand
{
    public static Command Create()
    {
        var files = new FileOptions();
        var recursive = new Option<bool>("--recursive", "-r") { Description = "Copy directories recursively" };
        var threads = new Option<int>("--threadct", "-t") { Description = "Threads copying data", DefaultValueFactory = _ => Environment.ProcessorCount };
        var verbose = CommonOptions.Verbose();
        var paths = new Argument<string[]>("SRC... DEST") { Description = "Local sources, then the famfs destination", Arity = new ArgumentArity(2, 100_000) };
        var command = new Command("cp", "Copy files into a famfs file system (master only)") { files.Device, recursive, threads, verbose, paths };
        files.AddOwnership(command);
        files.AddInterleave(command);
        command.SetHandler(result =>
        {
            var all = result.GetRequiredValue(paths);
            using var target = files.Open(result, all[^1], readOnly: false);
            var plan = new CopyPlan(target, files.CreateOptions(result), result.GetValue(recursive), result.GetValue(verbose));
            try
            {
                plan.Add(all[..^1], target.Relative(all[^1]));
            }
            finally
            {
                target.NotifyMount(); // whatever was created shows in the mount, even if a later source failed
            }

            Progress.Run("copying", plan.TotalBytes, progress =>
                Parallel.ForEach(plan.Copies, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, result.GetValue(threads)) },
                    copy => CopyData(target, copy, progress)));
            foreach (var warning in plan.Warnings)
            {
                Console.Error.WriteLine($"famfs cp: {warning}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void CopyData(FamfsTarget target, Copy copy, Action<long> progress)
    {
        using var input = File.OpenHandle(copy.Source, FileMode.Open, FileAccess.Read, FileShare.Read, System.IO.FileOptions.SequentialScan);
        // A file this cp created is filled whatever its mode, as open(O_CREAT) lets its creator;
        // an existing one is overwritten only if the caller may write it.
        using var output = copy.Created ? target.FileSystem.OpenFile(copy.Destination, writable: true) : target.OpenFile(copy.Destination, writable: true);
        output.CopyFrom(input, copy.Source, progress);
    }

    private sealed record Copy(string Source, string Destination, bool Created);

    /// <summary>Creates the destination directories and files up front, and lists the data copies to make.</summary>
    private sealed class CopyPlan(FamfsTarget target, CreateOptions options, bool recursive, bool verbose)
    {
        public List<Copy> Copies { get; } = [];

        public List<string> Warnings { get; } = [];

        public long TotalBytes { get; private set; }

        public void Add(string[] sources, string destination)
        {
            var destinationIsDirectory = target.Find(destination) is FsDirectory;
            if (sources.Length > 1 && !destinationIsDirectory)
            {
                throw new FamfsException(Errno.ENOTDIR, $"copying {sources.Length} sources needs '{destination}' to be an existing famfs directory", "create it with famfs mkdir");
            }

            foreach (var source in sources)
            {
                var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(source));
                AddOne(source, destinationIsDirectory ? $"{destination.TrimEnd('/')}/{name}" : destination);
            }
        }

        private void AddOne(string source, string destination)
        {
            if (Directory.Exists(source))
            {
                if (!recursive)
                {
                    throw new FamfsException(Errno.EISDIR, $"'{source}' is a directory", "use -r to copy directories");
                }

                target.DemandCreate(destination);
                target.FileSystem.CreateDirectory(destination, options with { Mode = null }, parents: true);
                foreach (var entry in Directory.EnumerateFileSystemEntries(source).Order(StringComparer.Ordinal))
                {
                    AddOne(entry, $"{destination.TrimEnd('/')}/{Path.GetFileName(entry)}");
                }

                return;
            }

            var info = new FileInfo(source);
            if (!info.Exists)
            {
                throw new FamfsException(Errno.ENOENT, $"source '{source}' does not exist");
            }

            if (info.Length == 0)
            {
                Warnings.Add($"skipped empty file '{source}': famfs files cannot be empty");
                return;
            }

            var created = false;
            switch (target.Find(destination))
            {
                case FsFile existing when existing.Size == (ulong)info.Length:
                    break; // same size: overwrite its content (restartable copy)
                case FsFile existing:
                    throw new FamfsException(Errno.EEXIST, $"'{existing.Path}' exists with size {existing.Size}, not {info.Length} like '{source}'", "famfs files cannot be resized; copy to another name");
                case FsDirectory:
                    throw new FamfsException(Errno.EISDIR, $"'{destination}' is a directory");
                default:
                    target.DemandCreate(destination);
                    target.FileSystem.CreateFile(destination, (ulong)info.Length, options);
                    created = true;
                    break;
            }

            if (verbose)
            {
                Console.WriteLine($"famfs cp: '{source}' -> '{FamfsFileSystem.Normalize(destination)}'");
            }

            Copies.Add(new Copy(source, destination, created));
            TotalBytes += info.Length;
        }
    }
}
