using System.CommandLine;
using Famfs.Admin;
using Famfs.Devices;
using Famfs.Errors;
using Famfs.Format;
using Famfs.Hosting;

namespace Famfs.Cli.Commands;

/// <summary>famfs mkfs / mkfs.famfs: create a file system, or destroy one with -k.</summary>
internal static class MkfsCommand
{
    public static Command Create()
    {
        var force = new Option<bool>("--force", "-f") { Description = "Format even if the device already holds a famfs file system" };
        var kill = new Option<bool>("--kill", "-k") { Description = "With -f: destroy the file system (zero the superblock magic) instead of formatting" };
        var logLength = new Option<string>("--loglen", "-l") { Description = "Log length (power of 2, at least 8m; default 8m)" };
        var create = new Option<string>("--create") { Description = "Create DEVICE as a sparse regular file of this size first (e.g. 4G)" };
        var verbose = CommonOptions.Verbose();
        var device = CommonOptions.Device();
        var command = new Command("mkfs", "Create a famfs file system on a memory device (this host becomes its master)")
        {
            force, kill, logLength, create, verbose, device,
        };
        command.AddSetDaxmode();
        command.AddKernelModeFlags();

        command.SetHandler(result => Run(
            result.GetRequiredValue(device),
            result.GetValue(force),
            result.GetValue(kill),
            result.GetValue(logLength),
            result.GetValue(create),
            result.GetValue(verbose)));
        return command;
    }

    private static int Run(string path, bool force, bool kill, string? logLengthText, string? createSize, bool verbose)
    {
        var logLength = logLengthText is null ? FormatConstants.DefaultLogLength : Units.ParseSize(logLengthText);
        if (kill)
        {
            if (!force)
            {
                throw new FamfsException(Errno.EINVAL, "-k/--kill destroys the file system and needs -f/--force too", "run 'famfs mkfs -f -k DEVICE'");
            }

            using var victim = MemoryDevice.Open(path, writable: true);
            Mkfs.Kill(victim);
            Console.WriteLine($"famfs file system on {path} destroyed");
            return ExitCodes.Success;
        }

        Mkfs.ValidateLogLength(logLength);
        using var dev = createSize is null
            ? MemoryDevice.Open(path, writable: true)
            : MemoryDevice.CreateFile(path, Units.ParseLength(createSize));
        Superblock superblock;
        try
        {
            superblock = Mkfs.Format(dev, logLength, force, HostEnvironment.SystemUuid());
        }
        catch when (createSize is not null)
        {
            File.Delete(path); // we made it for this mkfs: leave nothing behind when mkfs refuses
            throw;
        }

        Console.WriteLine($"famfs file system created on {path}");
        Console.WriteLine($"  file system uuid: {superblock.FsUuid}");
        Console.WriteLine($"  master (system uuid): {superblock.SystemUuid}");
        Console.WriteLine($"  device size: {dev.Size} bytes ({Units.Human(dev.SizeBytes)})");
        Console.WriteLine($"  log: {Units.Human(logLength)}, {FormatConstants.LastIndexFor(logLength) + 1} entries");
        if (verbose)
        {
            Console.WriteLine($"  device uuid: {superblock.DeviceUuid}");
            Console.WriteLine($"  allocation unit: {Units.Human(superblock.UnitBytes)}; log at offset {superblock.LogOffset}");
        }

        return ExitCodes.Success;
    }
}
