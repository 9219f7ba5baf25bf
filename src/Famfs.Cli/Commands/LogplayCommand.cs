using Famfs.Allocation;
using System.CommandLine;
using Famfs.Cli.Output;
using Famfs.Devices;
using Famfs.Errors;
using Famfs.Format;
using Famfs.Log;
using Famfs.Mounts;
using Famfs.Namespace;

namespace Famfs.Cli.Commands;

/// <summary>famfs logplay: play the log. Without a mount, --dryrun lists what would be instantiated.</summary>
internal static class LogplayCommand
{
    public static Command Create()
    {
        var dryRun = new Option<bool>("--dryrun", "-n") { Description = "Only list what would be instantiated" };
        var json = CommonOptions.Json();
        var verbose = CommonOptions.Verbose();
        var target = new Argument<string?>("DEVICE|MOUNTPOINT") { Description = "A famfs mount point (plays new entries into the mount), or with --dryrun or --shadow a memory device", Arity = ArgumentArity.ZeroOrOne };
        var mmap = new Option<bool>("--mmap", "-m") { Description = "Read the log through a mapping (what famfs.net always does)" };
        var read = new Option<bool>("--read", "-r") { Description = "The reference's read(2) path; famfs.net always maps the log (ignored)" };
        var shadow = new Option<string>("--shadow", "-S") { Description = "Write the log as the reference's shadow tree into DIR: a directory per directory, a YAML file per file" };
        var shadowTest = new Option<bool>("--shadowtest", "-s") { Description = "With --shadow: read each YAML file back and check it against the log" };
        var daxdev = new Option<string>("--daxdev", "-d") { Description = "With --shadow: the memory device whose log is written (instead of a mount point)" };
        var command = new Command("logplay", "Play the famfs log: list (--dryrun) the files and directories it creates")
        {
            dryRun, json, verbose, mmap, read, shadow, shadowTest, daxdev, target,
        };
        command.AddIgnored("--client", "-c", "a mount plays the log as its own role (a client's files are read-only)");
        command.AddSetDaxmode();

        command.SetHandler(result =>
        {
            if (result.GetValue(mmap) && result.GetValue(read))
            {
                throw new FamfsException(Errno.EINVAL, "--mmap and --read are mutually exclusive", "give one of them, or neither");
            }

            var shadowDirectory = result.GetValue(shadow);
            if (shadowDirectory is null && (result.GetValue(daxdev) is not null || result.GetValue(shadowTest)))
            {
                throw new FamfsException(Errno.EINVAL, "-d/--daxdev and -s/--shadowtest are only used with -S/--shadow", "give -S DIR too");
            }

            if (result.GetValue(read))
            {
                Console.Error.WriteLine("famfs logplay: note: -r/--read ignored: famfs.net always reads the log through a mapping");
            }

            var source = result.GetValue(daxdev) ?? result.GetValue(target) ?? throw new FamfsException(Errno.EINVAL,
                "logplay needs a mount point (or a device with -n, or -d DEVICE with -S)", "e.g. famfs logplay /mnt/famfs");
            return shadowDirectory is null
                ? Run(source, result.GetValue(dryRun), result.GetValue(json), result.GetValue(verbose))
                : Shadow(shadowDirectory, source, result.GetValue(shadowTest), result.GetValue(dryRun));
        });
        return command;
    }

    private static int Run(string path, bool dryRun, bool json, bool verbose)
    {
        var mount = FamfsMountTable.LiveAt(path);
        if (!dryRun)
        {
            if (mount is null)
            {
                throw new FamfsException(Errno.EINVAL, $"logplay into {path} needs a mounted famfs file system",
                    "give its mount point, or use --dryrun to list the log of a device");
            }

            // The daemon plays only what is new since its last play: O(new entries).
            Console.Write(ControlChannel.Request(mount.ControlSocket, "logplay", TimeSpan.FromSeconds(30)));
            return ExitCodes.Success;
        }

        var (tree, outcomes, header) = Load(mount?.DevicePath ?? path);
        // As in fsck, an ignored entry type (DELETE, unknown) is not a failure; anything else bad is.
        var exitCode = tree.Damage is null ? ExitCodes.Success : ExitCodes.CheckFailed;
        if (json)
        {
            JsonDocumentWriter.Write(
                new LogplayDocument([.. outcomes.Select(EntryDocument.FromOutcome)], header.NextSeqnum, header.NextIndex, header.LastIndex),
                c => c.LogplayDocument);
            return exitCode;
        }

        foreach (var outcome in outcomes.Where(o => verbose || o.Problem is not null || o.Record.Entry is not AddDaxdevEntry))
        {
            Console.WriteLine(HumanLine(outcome));
        }

        var bad = outcomes.Count(o => o.Problem is not null);
        Console.WriteLine($"{tree.DirectoryCount} directories, {tree.FileCount} files; {outcomes.Count} of {header.NextIndex} log entries played, {bad} bad (dry run: nothing instantiated)");
        return exitCode;
    }

    /// <summary>logplay -S DIR: the log as the reference's shadow tree (see <see cref="ShadowTree"/>).</summary>
    private static int Shadow(string directory, string source, bool selfTest, bool dryRun)
    {
        var (tree, _, _) = Load(FamfsMountTable.LiveAt(source)?.DevicePath ?? source);
        if (dryRun)
        {
            Console.WriteLine($"famfs logplay: would write {tree.FileCount} files and {tree.DirectoryCount} directories to the shadow tree {directory} (dry run)");
            return ExitCodes.Success;
        }

        ShadowTree.Write(tree, directory, selfTest);
        Console.WriteLine($"famfs logplay: shadow tree {directory}: {tree.FileCount} files, {tree.DirectoryCount} directories{(selfTest ? "; every YAML file read back and checked" : string.Empty)}");
        return tree.Damage is null ? ExitCodes.Success : ExitCodes.CheckFailed;
    }

    /// <summary>The device's log played into a fresh tree, with each entry's outcome.</summary>
    private static (FsTree Tree, IReadOnlyList<PlayOutcome> Outcomes, LogHeader Header) Load(string devicePath)
    {
        using var device = MemoryDevice.Open(devicePath, writable: false);
        using var metadata = FamfsMetadata.Open(device, writable: false);
        var tree = new FsTree();
        var outcomes = LogPlayer.Play(tree, metadata.ReadRecords(), SpaceAdmission.For(metadata.Superblock, device.Size));
        return (tree, outcomes, metadata.ReadHeader());
    }

    private static string HumanLine(PlayOutcome outcome)
    {
        var what = outcome.Record.Entry switch
        {
            FileEntry f => $"file  {f.Path} ({f.Size} bytes)",
            MkdirEntry d => $"mkdir {d.Path}",
            var other => LogEntryNames.TypeName(other.RawType),
        };
        return $"{outcome.Record.Index,6}  {what}{(outcome.Problem is null ? string.Empty : $"  [{outcome.Status}]")}";
    }
}
