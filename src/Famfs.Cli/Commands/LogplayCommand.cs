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
        var target = new Argument<string>("DEVICE|MOUNTPOINT") { Description = "A famfs mount point (plays new entries into the mount), or with --dryrun a memory device" };
        var command = new Command("logplay", "Play the famfs log: list (--dryrun) the files and directories it creates")
        {
            dryRun, json, verbose, target,
        };

        command.SetHandler(result => Run(
            result.GetRequiredValue(target), result.GetValue(dryRun), result.GetValue(json), result.GetValue(verbose)));
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

        using var device = MemoryDevice.Open(mount?.DevicePath ?? path, writable: false);
        using var metadata = FamfsMetadata.Open(device, writable: false);
        var tree = new FsTree();
        var outcomes = LogPlayer.Play(tree, metadata.ReadRecords(), SpaceAdmission.For(metadata.Superblock, device.Size));
        var header = metadata.ReadHeader();
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
