using System.Collections.Concurrent;
using System.CommandLine;
using Famfs.Cli.Output;
using Famfs.Errors;
using Famfs.Files;
using Famfs.Namespace;

namespace Famfs.Cli.Commands;

/// <summary>
/// famfs cp: copy files or trees INTO famfs (master only). Every source is examined and every
/// destination checked before anything is logged; a bad source named on the command line is
/// reported (non-zero exit) and nothing of it is logged, while the others are copied, as the
/// reference does. Then the directories and files are created in one go and their data copied. An existing destination
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
        var compare = new Option<bool>("--compare", "-c") { Description = "After copying, read each file back and compare it with its source" };
        var paths = new Argument<string[]>("SRC... DEST") { Description = "Local sources, then the famfs destination", Arity = new ArgumentArity(2, 100_000) };
        var command = new Command("cp", "Copy files into a famfs file system (master only)") { files.Device, recursive, threads, verbose, compare, paths };
        files.AddOwnership(command);
        files.AddInterleave(command);
        command.SetHandler(result =>
        {
            var threadCount = CommonOptions.ThreadCount(result, threads);
            var all = result.GetRequiredValue(paths);
            using var target = files.Open(result, all[^1], readOnly: false);
            var fs = target.FileSystem;
            var options = files.CreateOptions(result);
            var plan = CopyPlan.Make(fs, all[..^1], target.Relative(all[^1]), result.GetValue(recursive), keepModes: options.Mode is null);
            foreach (var warning in plan.Warnings)
            {
                Console.Error.WriteLine($"famfs cp: warning: {warning}");
            }

            // Only where the caller may create (a directory it may write and search), as cp(1).
            foreach (var entry in plan.Entries)
            {
                target.DemandCreate(entry.Path);
            }

            CreateEntries(fs, plan, options, target);
            if (result.GetValue(verbose))
            {
                foreach (var copy in plan.Copies)
                {
                    Console.WriteLine($"famfs cp: '{copy.Source}' -> '{FamfsFileSystem.Normalize(copy.Destination)}'");
                }
            }

            CopyAll(target, plan, threadCount, result.GetValue(compare));
            foreach (var bad in plan.BadSources)
            {
                Console.Error.WriteLine($"famfs cp: {bad.OneLine}");
            }

            return plan.BadSources.Count == 0 ? ExitCodes.Success : ExitCodes.For(plan.BadSources[0].Errno);
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

    private static void CopyAll(FamfsTarget target, CopyPlan plan, int threads, bool compare)
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
                    CopyData(target, copy, created.Contains(FamfsFileSystem.Normalize(copy.Destination)), compare, progress);
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

    private static void CopyData(FamfsTarget target, PlannedCopy copy, bool created, bool compare, Action<long> progress)
    {
        try
        {
            using var input = File.OpenHandle(copy.Source, FileMode.Open, FileAccess.Read, FileShare.Read, System.IO.FileOptions.SequentialScan);
            using var output = created ? target.FileSystem.OpenFile(copy.Destination, writable: true) : target.OpenFile(copy.Destination, writable: true);
            output.CopyFrom(input, copy.Source, progress);
            if (compare)
            {
                Compare(input, copy, output);
            }
        }
        catch (Exception e) when (e is (IOException and not FamfsException) or UnauthorizedAccessException)
        {
            throw SourceError(copy.Source, e);
        }
    }

    /// <summary>cp -c: the famfs file read back equals its source, or an I/O error names the first difference.</summary>
    private static void Compare(Microsoft.Win32.SafeHandles.SafeFileHandle input, PlannedCopy copy, FamfsFile output)
    {
        var buffer = new byte[1 << 20];
        for (long offset = 0; offset < copy.Size;)
        {
            var n = RandomAccess.Read(input, buffer.AsSpan(0, (int)Math.Min(buffer.Length, copy.Size - offset)), offset);
            var piece = buffer.AsSpan(0, n);
            var same = n == 0 ? 0 : piece.CommonPrefixLength(output.GetReadOnlySpan(offset, n));
            if (n == 0 || same < n)
            {
                throw new FamfsException(Errno.EIO, $"'{FamfsFileSystem.Normalize(copy.Destination)}' differs from its source '{copy.Source}' at offset {offset + same}",
                    "run the same famfs cp again; if it differs again, the device or the source is failing");
            }

            offset += n;
        }
    }

    /// <summary>A source that could not be opened or read, as a user error: it changed since it was examined, or the disk failed.</summary>
    internal static FamfsException SourceError(string source, Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => new FamfsException(Errno.ENOENT, $"source '{source}' does not exist (any more)", inner: e),
        UnauthorizedAccessException => new FamfsException(Errno.EACCES, $"no permission to read source '{source}'",
            "fix its permissions, or run as a user who may read it", e),
        _ => new FamfsException(Errno.EIO, $"cannot read source '{source}': {e.Message}", inner: e),
    };

    private static string Names(IReadOnlyList<string> names) =>
        string.Join(", ", names.Take(NamesShown)) + (names.Count > NamesShown ? $" and {names.Count - NamesShown} more" : string.Empty);
}
