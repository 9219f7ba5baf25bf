using System.CommandLine;
using Famfs.Cli.Commands;

namespace Famfs.Cli;

internal static class Program
{
    private const string Description = "famfs: the fabric-attached memory file system, in .NET";

    private static readonly (string Name, Func<Command> Create)[] Commands =
    [
        ("mkfs", MkfsCommand.Create),
        ("fsck", FsckCommand.Create),
        ("logplay", LogplayCommand.Create),
        ("mkdir", MkdirCommand.Create),
        ("creat", CreatCommand.Create),
        ("cp", CpCommand.Create),
        ("verify", VerifyCommand.Create),
        ("getmap", GetmapCommand.Create),
        ("clone", CloneCommand.Create),
        ("chkread", ChkreadCommand.Create),
        ("flush", FlushCommand.Create),
        ("cat", CatCommand.Create),
        ("mount", MountCommand.Create),
        ("umount", UmountCommand.Create),
        ("check", CheckCommand.Create),
        ("poison", PoisonCommand.Create),
        ("hosts", HostsCommand.Create),
        ("watch", WatchCommand.Create),
        ("mkmeta", MkmetaCommand.Create),
    ];

    private static int Main(string[] args)
    {
        Hosting.HostEnvironment.Apply();

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

        var invoked = Array.Find(Commands, c => c.Name == args[0]).Create;
        if (invoked is null && !args[0].StartsWith('-'))
        {
            Console.Error.WriteLine($"famfs: unknown command '{args[0]}'; run 'famfs --help' for the list");
            return ExitCodes.UnknownCommand;
        }

        var parsed = (invoked is not null && !args.Any(MayAskForHelp) ? RootOf(invoked()) : FullRoot()).Parse(args);
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

    /// <summary>
    /// The root of an invocation that can reach no help or version text: only the command named,
    /// and no help option. Building every command, and the help option's text (System.CommandLine
    /// loads it through a resource lookup that costs reflection), was a tenth of a command's start.
    /// Parsing is unchanged: a command's own options and arguments are all it accepts.
    /// </summary>
    private static Command RootOf(Command command) => new(RootCommand.ExecutableName, Description) { command };

    /// <summary>Every command under a <see cref="RootCommand"/>, with its help and version options.</summary>
    private static RootCommand FullRoot()
    {
        var root = new RootCommand(Description);
        foreach (var (_, create) in Commands)
        {
            root.Add(create());
        }

        return root;
    }

    /// <summary>
    /// Whether <paramref name="arg"/> may be a help or version option (System.CommandLine's
    /// "-h", "/h", "--help", "-?", "/?" and "--version", or "h" or "?" bundled in a short
    /// option group): any doubt only costs the full tree.
    /// </summary>
    private static bool MayAskForHelp(string arg) =>
        arg is "--help" or "--version" or "/h" or "/?"
        || (arg.Length > 1 && arg[0] == '-' && arg[1] != '-' && arg.AsSpan(1).IndexOfAny('h', '?') >= 0);
}
