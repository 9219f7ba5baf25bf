using System.CommandLine;
using Famfs.Errors;
using Famfs.Mounts;

namespace Famfs.Cli.Commands;

/// <summary>famfs poison: report a memory failure on a device range; the files over it become unreadable (EIO).</summary>
internal static class PoisonCommand
{
    public static Command Create()
    {
        var files = new FileOptions();
        var offset = new Option<string>("--offset", "-o") { Description = "Device offset of the failed memory (k/m/g suffixes)", Required = true };
        var length = new Option<string>("--length", "-l") { Description = "Length of the failed memory (k/m/g suffixes)", Required = true };
        var where = new Argument<string?>("DEVICE|MOUNTPOINT") { Description = "The memory device, or the mount point of a mounted famfs file system", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("poison",
            "Report a memory failure in a device range: files over it are marked bad and fail with EIO, other files keep working. " +
            "Recorded for this host in /run/famfs/FS-UUID/poison (famfs fsck reports it)")
        {
            files.Device, offset, length, where,
        };
        command.SetHandler(result =>
        {
            var start = Units.ParseSize(result.GetRequiredValue(offset));
            var size = Units.ParseSize(result.GetRequiredValue(length));
            var given = result.GetValue(where);
            if (result.GetValue(files.Device) is null && given is not null && FamfsMountTable.LiveAt(given) is { } mount)
            {
                // Mounted: the daemon records it, revokes the files' mappings and drops their cached pages.
                Console.Write(ControlChannel.Request(mount.ControlSocket, $"poison {start} {size}", TimeSpan.FromSeconds(30)));
                return ExitCodes.Success;
            }

            using var target = FamfsTarget.Open(result.GetValue(files.Device) ?? given
                ?? throw new FamfsException(Errno.EINVAL, "poison needs a device or mount point", "give DEVICE|MOUNTPOINT or --device"), string.Empty, readOnly: true);
            var fs = target.FileSystem;
            var report = fs.ReportMemoryFailure((long)start, (long)size);
            foreach (var line in report.Describe(fs.Device.Path, fs.PoisonLedgerPath))
            {
                Console.WriteLine(line);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
