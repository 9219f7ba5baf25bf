using System.CommandLine;
using Famfs.Files;

namespace Famfs.Cli.Commands;

/// <summary>famfs cat: write a famfs file's content to stdout (copy-out without a mount).</summary>
internal static class CatCommand
{
    public static Command Create()
    {
        var files = new FileOptions();
        var names = new Argument<string[]>("FILE") { Description = "famfs files", Arity = ArgumentArity.OneOrMore };
        var command = new Command("cat", "Write famfs files to standard output") { files.Device, names };
        command.SetHandler(result =>
        {
            var paths = result.GetRequiredValue(names);
            using var target = files.Open(result, paths[0], readOnly: true);
            using var stdout = Console.OpenStandardOutput();
            foreach (var name in paths)
            {
                using var open = target.OpenFile(target.Relative(name));
                open.ForEachPiece((offset, length) => stdout.Write(open.GetReadOnlySpan(offset, length)));
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
