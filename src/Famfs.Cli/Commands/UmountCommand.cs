using System.CommandLine;
using Famfs.Mounts;

namespace Famfs.Cli.Commands;

/// <summary>famfs umount: unmount and make the daemon exit, within a bounded time (also after the daemon was killed).</summary>
internal static class UmountCommand
{
    public static Command Create()
    {
        var mountPoint = new Argument<string>("MOUNTPOINT") { Description = "Where the file system is mounted" };
        var command = new Command("umount", "Unmount a famfs file system and stop its daemon") { mountPoint };
        command.SetHandler(result =>
        {
            Console.WriteLine($"famfs: {Unmounter.Unmount(result.GetRequiredValue(mountPoint), TimeSpan.FromSeconds(10))}");
            return ExitCodes.Success;
        });
        return command;
    }
}
