using System.CommandLine;
using Famfs.Errors;

namespace Famfs.Cli.Commands;

/// <summary>famfs mkdir: create directories (master only).</summary>
internal static class MkdirCommand
{
    public static Command Create()
    {
        var files = new FileOptions();
        var parents = new Option<bool>("--parents", "-p") { Description = "No error if it exists; create missing parents" };
        var verbose = CommonOptions.Verbose();
        var dirs = new Argument<string[]>("DIR") { Description = "Directories to create", Arity = ArgumentArity.OneOrMore };
        var command = new Command("mkdir", "Create directories in a famfs file system (master only)") { files.Device, parents, verbose, dirs };
        files.AddOwnership(command);
        command.SetHandler(result =>
        {
            var paths = result.GetRequiredValue(dirs);
            using var target = files.Open(result, paths[0], readOnly: false);
            foreach (var dir in paths)
            {
                if (target.Relative(dir).Trim('/').Length == 0)
                {
                    // The root (a mount point): there already, which -p accepts and plain mkdir refuses.
                    _ = result.GetValue(parents) ? 0 : throw new FamfsException(Errno.EEXIST, $"'{dir}' exists: it is the root of the famfs file system");
                    continue;
                }

                target.DemandCreate(target.Relative(dir));
                var made = target.FileSystem.CreateDirectory(target.Relative(dir), files.CreateOptions(result), result.GetValue(parents));
                if (result.GetValue(verbose))
                {
                    Console.WriteLine($"famfs mkdir: created '{made.Path}'");
                }
            }

            target.NotifyMount();
            return ExitCodes.Success;
        });
        return command;
    }
}
