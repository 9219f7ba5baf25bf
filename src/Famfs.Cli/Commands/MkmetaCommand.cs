using System.CommandLine;
using Famfs.Devices;
using Famfs.Errors;
using Famfs.Log;
using Famfs.Mounts;

namespace Famfs.Cli.Commands;

/// <summary>
/// famfs mkmeta: the reference's step that exposes .meta/.superblock and .meta/.log after a
/// kernel-module mount. A famfs.net mount serves them itself, so this checks that the device
/// holds a valid file system and is mounted, and says where its .meta files are.
/// </summary>
internal static class MkmetaCommand
{
    public static Command Create()
    {
        var verbose = CommonOptions.Verbose();
        var device = CommonOptions.Device();
        var command = new Command("mkmeta", "Check that a mounted device's .meta files are there (a famfs.net mount makes them itself)") { verbose, device };
        command.SetHandler(result =>
        {
            var path = result.GetRequiredValue(device);
            using var dev = MemoryDevice.Open(path, writable: false);
            using var metadata = FamfsMetadata.Open(dev, writable: false);
            var mount = HostClaim.MountsOf(dev.Identity).FirstOrDefault()
                ?? throw new FamfsException(Errno.ENOENT, $"{path} is not mounted, so there are no .meta files to make", $"famfs mount {path} MOUNTPOINT makes them");
            Console.WriteLine($"famfs mkmeta: {mount.MountPoint}/.meta holds the superblock and log of {path} (the mount made them)");
            if (result.GetValue(verbose))
            {
                Console.WriteLine($"  file system {metadata.Superblock.FsUuid}, log {metadata.Superblock.LogLength} bytes");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
