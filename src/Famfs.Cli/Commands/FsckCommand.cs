using System.CommandLine;
using Famfs.Admin;
using Famfs.Cli.Output;
using Famfs.Devices;
using Famfs.Errors;
using Famfs.Hosting;

namespace Famfs.Cli.Commands;

/// <summary>famfs fsck: check superblock, log and allocation map, read-only.</summary>
internal static class FsckCommand
{
    public static Command Create()
    {
        var verbose = CommonOptions.Verbose();
        var human = new Option<bool>("--human", "-h") { Description = "Sizes in GiB, as the reference prints them" };
        var json = CommonOptions.Json();
        var force = new Option<bool>("--force", "-f") { Description = "Check the device even while it is mounted (otherwise refused: check the mount point instead)" };
        var mmap = new Option<bool>("--mmap", "-m") { Description = "Read the metadata through a mapping (what famfs.net always does)" };
        var read = new Option<bool>("--read", "-r") { Description = "The reference's read(2) path; famfs.net always maps the metadata (ignored)" };
        var device = new Argument<string>("DEVICE|MOUNTPOINT") { Description = "Memory device, or the mount point of a mounted famfs file system" };
        var command = new Command("fsck", "Check a famfs file system (read-only). Exit 0: clean; 1: problems found")
        {
            verbose, human, json, force, mmap, read, device,
        };
        command.AddIgnoredValue("--nbuckets", "-B", "famfs.net's fsck reports the whole device, not per-bucket use");
        command.AddSetDaxmode();
        command.AddLoadModule();
        command.AddKernelModeFlags();
        command.SetHandler(result =>
        {
            if (result.GetValue(mmap) && result.GetValue(read))
            {
                throw new FamfsException(Errno.EINVAL, "--mmap and --read are mutually exclusive", "give one of them, or neither");
            }

            if (result.GetValue(read))
            {
                Console.Error.WriteLine("famfs fsck: note: -r/--read ignored: famfs.net always reads the metadata through a mapping");
            }

            return Run(result.GetRequiredValue(device), result.GetValue(verbose), result.GetValue(human), result.GetValue(json), result.GetValue(force));
        });
        return command;
    }

    private static int Run(string path, bool verbose, bool human, bool json, bool force)
    {
        var mount = Famfs.Mounts.FamfsMountTable.LiveAt(path);
        using var dev = MemoryDevice.Open(mount?.DevicePath ?? path, writable: false);
        if (mount is null && !force && Famfs.Mounts.HostClaim.MountsOf(dev.Identity).FirstOrDefault() is { } mounted)
        {
            // As the reference: a mounted file system is checked through its mount.
            throw new FamfsException(Errno.EBUSY, $"{path} is mounted at {mounted.MountPoint}",
                $"run 'famfs fsck {mounted.MountPoint}', or add -f to check the device anyway");
        }

        // Each entry's outcome is listed only by -v and --json: otherwise a sound log is scanned, not played.
        var report = Fsck.Run(dev, HostEnvironment.RunDirectory, listEntries: verbose || json);
        if (json)
        {
            JsonDocumentWriter.Write(FsckDocument.From(report), c => c.FsckDocument);
        }
        else
        {
            FsckReportPrinter.Print(report, verbose, human);
        }

        return report.Clean ? ExitCodes.Success : ExitCodes.CheckFailed;
    }
}
