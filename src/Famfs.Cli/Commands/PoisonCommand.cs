using System.CommandLine;
using Famfs.Errors;
using Famfs.Files;
using Famfs.Mounts;

namespace Famfs.Cli.Commands;

/// <summary>
/// famfs poison: report a memory failure on a device range; the files over it become unreadable
/// (EIO) on this host and, through the shared poison list, on every host. With --clear (master
/// only) the range is lifted again: the memory was repaired or replaced.
/// </summary>
internal static class PoisonCommand
{
    public static Command Create()
    {
        var files = new FileOptions();
        var offset = new Option<string>("--offset", "-o") { Description = "Device offset of the failed memory (k/m/g suffixes)", Required = true };
        var length = new Option<string>("--length", "-l") { Description = "Length of the failed memory (k/m/g suffixes)", Required = true };
        var clear = new Option<bool>("--clear") { Description = "Lift the range instead (the memory was repaired or replaced): logged in the ledger and the shared poison list; master only" };
        var where = new Argument<string?>("DEVICE|MOUNTPOINT") { Description = "The memory device, or the mount point of a mounted famfs file system", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("poison",
            "Report a memory failure in a device range: files over it are marked bad and fail with EIO on every host, other files keep working. " +
            "Recorded for this host in /run/famfs/FS-UUID/poison and in the shared poison list (famfs fsck reports it); --clear lifts it (master only)")
        {
            files.Device, offset, length, clear, where,
        };
        command.SetHandler(result =>
        {
            var start = Units.ParseSize(result.GetRequiredValue(offset));
            var size = Units.ParseSize(result.GetRequiredValue(length));
            var given = result.GetValue(where);
            var mount = result.GetValue(files.Device) is null && given is not null ? FamfsMountTable.LiveAt(given) : null;
            if (mount is not null && !result.GetValue(clear))
            {
                // Mounted: the daemon records it, revokes the files' mappings and drops their cached pages.
                Console.Write(ControlChannel.Request(mount.ControlSocket, $"poison {start} {size}", TimeSpan.FromSeconds(30)));
                return ExitCodes.Success;
            }

            var device = mount?.DevicePath ?? result.GetValue(files.Device) ?? given
                ?? throw new FamfsException(Errno.EINVAL, "poison needs a device or mount point", "give DEVICE|MOUNTPOINT or --device");
            using var fs = Open(device); // without a shared area, Report says so on stdout: no note on stderr
            return result.GetValue(clear) ? Clear(fs, start, size) : Report(fs, start, size);
        });
        return command;
    }

    private static int Report(FamfsFileSystem fs, ulong start, ulong size)
    {
        var report = fs.ReportMemoryFailure((long)start, (long)size);
        foreach (var line in report.Describe(fs.Device.Path, fs.PoisonLedgerPath))
        {
            Console.WriteLine(line);
        }

        if (fs.Shared is null || fs.Options.ReadOnly)
        {
            Console.WriteLine("famfs poison: recorded on this host only (no shared poison list to record it in)");
        }

        return ExitCodes.Success;
    }

    private static int Clear(FamfsFileSystem fs, ulong start, ulong size)
    {
        var files = fs.ClearMemoryFailure((long)start, (long)size);
        Console.WriteLine($"famfs poison: cleared {new Lifecycle.DeviceRange(start, size)} of {fs.Device.Path} ({fs.PoisonLedgerPath}{(fs.Shared is null ? string.Empty : " and the shared poison list")})");
        Console.WriteLine(files.Count == 0 ? "famfs poison: no file is over the range" : $"famfs poison: {files.Count} file(s) can be opened again:");
        foreach (var file in files)
        {
            Console.WriteLine(file);
        }

        return ExitCodes.Success;
    }

    /// <summary>
    /// Read-write, so the report reaches the shared poison list (which needs this host's registry
    /// slot); read-only when the device cannot be opened writable or the log is damaged: the
    /// failure is then recorded on this host alone, as famfs poison always could.
    /// </summary>
    private static FamfsFileSystem Open(string device)
    {
        try
        {
            return FamfsFileSystem.Open(device, FamfsTarget.OptionsFor(readOnly: false));
        }
        catch (FamfsException e) when (e is MetadataCorruptException || e.Errno is Errno.EACCES or Errno.EROFS or Errno.EPERM)
        {
            return FamfsFileSystem.Open(device, FamfsTarget.OptionsFor(readOnly: true));
        }
    }
}
