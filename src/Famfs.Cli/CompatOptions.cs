using System.CommandLine;
using System.Runtime.CompilerServices;

namespace Famfs.Cli;

/// <summary>
/// Options of the reference famfs tools that change nothing in famfs.net (they pick the
/// reference's kernel module, its way of reading metadata, or a test hook of its own). Scripts
/// written for the reference pass them, so each command accepts them; one given prints one
/// line on stderr saying why it has no effect (docs/CLI.md lists them).
/// </summary>
internal static class CompatOptions
{
    private static readonly ConditionalWeakTable<Command, List<(Option Option, string Why)>> Ignored = [];

    /// <summary>Adds a flag the command accepts and ignores.</summary>
    public static void AddIgnored(this Command command, string name, string? alias, string why) =>
        command.AddIgnored(alias is null ? new Option<bool>(name) : new Option<bool>(name, alias), why);

    /// <summary>Adds an option with a value that the command accepts and ignores.</summary>
    public static void AddIgnoredValue(this Command command, string name, string? alias, string why) =>
        command.AddIgnored(alias is null ? new Option<string>(name) : new Option<string>(name, alias), why);

    private static void AddIgnored(this Command command, Option option, string why)
    {
        option.Description = $"Accepted for compatibility with the reference famfs; no effect: {why}";
        command.Add(option);
        Ignored.GetOrCreateValue(command).Add((option, why));
    }

    /// <summary>
    /// The reference's -M/--set-daxmode (switch a device-dax device to its famfs mode first),
    /// taken by mkfs, fsck, logplay and mount; older references named fsck's and logplay's -M --mock.
    /// </summary>
    public static void AddSetDaxmode(this Command command) =>
        command.AddIgnored(new Option<bool>("--set-daxmode", "-M", "--mock"), "famfs.net uses a device-dax device in the mode it is in");

    /// <summary>The reference's -L/--load-module (modprobe its kernel module first), taken by fsck and mount.</summary>
    public static void AddLoadModule(this Command command) => command.AddIgnored("--load-module", "-L", "famfs.net loads no kernel module");

    /// <summary>The flags of the reference's kernel-module choice, accepted by mkfs, fsck and the commands that mount.</summary>
    public static void AddKernelModeFlags(this Command command, bool nofuse = true, bool nodax = true)
    {
        command.AddIgnored("--fuse", null, "famfs.net always uses FUSE");
        if (nofuse)
        {
            command.AddIgnored("--nofuse", "-F", "famfs.net has no kernel-module (v1) mode; it reads the device itself");
        }

        if (nodax)
        {
            command.AddIgnored("--nodax", "-D", "famfs.net opens the device as it is, with no dax mode to avoid");
        }
    }

    /// <summary>One line on stderr for each ignored option the command line gave.</summary>
    public static void NoteIgnored(Command command, ParseResult result)
    {
        if (!Ignored.TryGetValue(command, out var options))
        {
            return;
        }

        foreach (var (option, why) in options)
        {
            if (result.GetResult(option) is { Implicit: false })
            {
                var names = string.Join('/', option.Aliases.Order(StringComparer.Ordinal).Append(option.Name));
                Console.Error.WriteLine($"famfs {command.Name}: note: {names} ignored: {why}");
            }
        }
    }
}
