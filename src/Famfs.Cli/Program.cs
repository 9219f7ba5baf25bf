using System.CommandLine;
using Famfs.Cli.Commands;

namespace Famfs.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        Hosting.HostEnvironment.Apply();
        var root = new RootCommand("famfs: the fabric-attached memory file system, in .NET")
        {
            MkfsCommand.Create(),
            FsckCommand.Create(),
            LogplayCommand.Create(),
            MkdirCommand.Create(),
            CreatCommand.Create(),
            CpCommand.Create(),
            VerifyCommand.Create(),
            GetmapCommand.Create(),
            CloneCommand.Create(),
            ChkreadCommand.Create(),
            FlushCommand.Create(),
            CatCommand.Create(),
            MountCommand.Create(),
            UmountCommand.Create(),
            CheckCommand.Create(),
            PoisonCommand.Create(),
            HostsCommand.Create(),
            WatchCommand.Create(),
            MkmetaCommand.Create(),
        };

        // The reference's one global option, which changes nothing there either.
        if (args is ["--dryrun", .. var rest])
        {
            Console.Error.WriteLine("famfs: note: --dryrun ignored: it has no effect (as in the reference); use a command's own -n where it has one");
            args = rest;
        }

        // As the reference: no command exits 1, a command it does not know exits 3.
        if (args.Length == 0)
        {
            Console.Error.WriteLine("famfs: missing command; run 'famfs --help' for the list");
            return ExitCodes.CheckFailed;
        }

        if (!args[0].StartsWith('-') && !root.Subcommands.Any(c => c.Name == args[0]))
        {
            Console.Error.WriteLine($"famfs: unknown command '{args[0]}'; run 'famfs --help' for the list");
            return ExitCodes.UnknownCommand;
        }

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine($"famfs: {error.Message}");
            }

            Console.Error.WriteLine("famfs: run 'famfs COMMAND --help' for usage");
            return ExitCodes.Usage;
        }

        return parsed.Invoke();
    }
}
