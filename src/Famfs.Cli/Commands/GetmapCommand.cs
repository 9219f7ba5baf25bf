using System.CommandLine;
using Famfs.Cli.Output;
using Famfs.Errors;
using Famfs.Format;
using Famfs.Namespace;

namespace Famfs.Cli.Commands;

/// <summary>
/// famfs getmap: print a file's extent map. Exit codes follow the reference: 0 a mapped famfs
/// file; 2 (ENOENT) no such file; 21 (EISDIR) not a regular file; other errors as documented.
/// </summary>
internal static class GetmapCommand
{
    public static Command Create()
    {
        var files = new FileOptions();
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing; only the exit code tells" };
        var json = CommonOptions.Json();
        var continueOnError = new Option<bool>("--continue", "-c") { Description = "With several files: go on after a file that fails (the exit code is the first failure's)" };
        var names = new Argument<string[]>("FILE") { Description = "famfs files", Arity = ArgumentArity.OneOrMore };
        var command = new Command("getmap", "Print famfs files' extent maps") { files.Device, quiet, json, continueOnError, names };
        command.SetAction(result => CommandRunner.Run("getmap", () =>
        {
            var given = result.GetRequiredValue(names);
            using var target = files.Open(result, given, readOnly: true);
            var first = 0;
            foreach (var name in given)
            {
                var code = CommandRunner.Run("getmap", () => One(target, name, result.GetValue(quiet), result.GetValue(json)));
                first = first == 0 ? code : first;
                if (code != 0 && !result.GetValue(continueOnError))
                {
                    break;
                }
            }

            return first;
        }));
        return command;
    }

    private static int One(FamfsTarget target, string given, bool quiet, bool json)
    {
        var path = target.Relative(given);
        switch (target.Find(path, AccessRights.Read))
        {
            case null:
                return Fail(quiet, $"'{path}' does not exist in the famfs file system on {target.FileSystem.Device.Path}", Errno.ENOENT);
            case FsDirectory:
                return Fail(quiet, $"'{path}' is a directory, not a regular file", Errno.EISDIR);
            case FsFile f when !quiet:
                Print(f, json);
                break;
        }

        return ExitCodes.Success;
    }

    private static int Fail(bool quiet, string message, Errno errno)
    {
        if (!quiet)
        {
            Console.Error.WriteLine($"famfs getmap: {message}");
        }

        return (int)errno;
    }

    private static void Print(FsFile file, bool json)
    {
        if (json)
        {
            JsonDocumentWriter.Write(EntryDocument.FromFile(file.Entry with { Path = file.Path }), c => c.FileEntryDocument);
            return;
        }

        Console.WriteLine($"File:     {file.Path}");
        Console.WriteLine($"  size:   {file.Size}");
        switch (file.Map)
        {
            case SimpleFileMap simple:
                Console.WriteLine($"  extents: {simple.Extents.Length}");
                foreach (var e in simple.Extents)
                {
                    Console.WriteLine($"    {e.Offset:x}\t{e.Length}");
                }

                break;
            case InterleavedFileMap ie:
                Console.WriteLine($"  interleaved: {ie.StripCount} strips, chunk {ie.ChunkSize}");
                foreach (var s in ie.Strips)
                {
                    Console.WriteLine($"    {s.Offset:x}\t{s.Length}");
                }

                break;
        }
    }
}
