using System.CommandLine;
using System.Globalization;
using Famfs.Admin;
using Famfs.Cli.Output;
using Famfs.Devices;

namespace Famfs.Cli.Commands;

/// <summary>famfs fsck: check superblock, log and allocation map, read-only.</summary>
internal static class FsckCommand
{
    public static Command Create()
    {
        var verbose = CommonOptions.Verbose();
        var human = new Option<bool>("--human", "-h") { Description = "Sizes in KiB/MiB/GiB rather than bytes" };
        var json = CommonOptions.Json();
        var device = new Argument<string>("DEVICE|MOUNTPOINT") { Description = "Memory device, or the mount point of a mounted famfs file system" };
        var command = new Command("fsck", "Check a famfs file system (read-only). Exit 0: clean; 1: problems found")
        {
            verbose, human, json, device,
        };

        command.SetHandler(result => Run(
            result.GetRequiredValue(device), result.GetValue(verbose), result.GetValue(human), result.GetValue(json)));
        return command;
    }

    private static int Run(string path, bool verbose, bool human, bool json)
    {
        var mount = Famfs.Mounts.FamfsMountTable.LiveAt(path);
        using var dev = MemoryDevice.Open(mount?.DevicePath ?? path, writable: false);
        var report = Fsck.Run(dev);
        if (json)
        {
            JsonDocumentWriter.Write(FsckDocument.From(report), c => c.FsckDocument);
        }
        else
        {
            PrintHuman(report, verbose, human);
        }

        return report.Clean ? ExitCodes.Success : ExitCodes.CheckFailed;
    }

    private static void PrintHuman(FsckReport report, bool verbose, bool human)
    {
        string Size(ulong bytes) => human ? Units.Human(bytes) : bytes.ToString(CultureInfo.InvariantCulture);

        Console.WriteLine($"famfs fsck of {report.DevicePath} ({Size(report.DeviceSize)})");
        if (report.Superblock is { } sb && sb.Magic == Famfs.Format.FormatConstants.SuperblockMagic)
        {
            Console.WriteLine($"  superblock: file system {sb.FsUuid}, master {sb.SystemUuid}, log {Size(sb.LogLength)}");
        }

        if (report.LogHeader is { } header)
        {
            Console.WriteLine($"  log: {header.NextIndex} of {header.Capacity} entries used");
        }

        if (verbose)
        {
            foreach (var outcome in report.Entries)
            {
                Console.WriteLine($"  entry {outcome.Record.Index}: {Famfs.Format.LogEntryNames.Describe(outcome.Record.Entry)}: {outcome.Status}");
            }
        }

        if (report.Statistics is { } stats)
        {
            Console.WriteLine($"  capacity {Size(stats.CapacityBytes)}, allocated {Size(stats.AllocatedBytes)}, free {Size(stats.FreeBytes)} " +
                string.Create(CultureInfo.InvariantCulture, $"({stats.PercentUsed:0.0}% used)"));
            Console.WriteLine($"  {stats.Files} files, {stats.Directories} directories, allocation unit {Size(stats.AllocationUnit)}");
        }

        foreach (var warning in report.Warnings)
        {
            Console.WriteLine($"  warning: {warning}");
        }

        foreach (var error in report.Errors)
        {
            Console.WriteLine($"  error: {error}");
        }

        Console.WriteLine(report.Clean ? "no errors found" : $"{report.Errors.Count} error(s) found");
    }
}
