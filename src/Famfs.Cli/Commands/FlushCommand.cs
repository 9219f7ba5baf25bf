using System.CommandLine;

namespace Famfs.Cli.Commands;

/// <summary>famfs flush: write back and invalidate the processor cache lines of whole files.</summary>
internal static class FlushCommand
{
    public static Command Create()
    {
        var files = new FileOptions();
        var verbose = CommonOptions.Verbose();
        var names = new Argument<string[]>("FILE") { Description = "famfs files", Arity = ArgumentArity.OneOrMore };
        var command = new Command("flush", "Flush (write back and invalidate) processor caches for whole files") { files.Device, verbose, names };
        command.SetHandler(result =>
        {
            var paths = result.GetRequiredValue(names);
            using var target = files.Open(result, paths[0], readOnly: true);
            foreach (var name in paths)
            {
                if (target.IsMetaFile(target.Relative(name)))
                {
                    target.FileSystem.FlushMetadataCaches();
                    continue;
                }

                using var open = target.OpenFile(target.Relative(name));
                open.FlushProcessorCaches();
                if (result.GetValue(verbose))
                {
                    Console.WriteLine($"famfs flush: '{open.Path}' ({open.Length} bytes) flushed");
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
