using System.CommandLine;
using Famfs.Files;
using Famfs.Namespace;

namespace Famfs.Cli.Commands;

/// <summary>famfs clone: test only — log a second file with the source's extents (fsck must report the cross-link).</summary>
internal static class CloneCommand
{
    public static Command Create()
    {
        var files = new FileOptions();
        var source = new Argument<string>("SRC") { Description = "Existing famfs file" };
        var destination = new Argument<string>("DEST") { Description = "New file that shares SRC's extents" };
        var verbose = CommonOptions.Verbose();
        var command = new Command("clone", "TEST ONLY: create DEST sharing SRC's extents (a deliberate cross-link)") { files.Device, verbose, source, destination };
        command.SetHandler(result =>
        {
            var from = result.GetRequiredValue(source);
            using var target = files.Open(result, from, readOnly: false);
            var to = target.Relative(result.GetRequiredValue(destination));
            _ = target.Find(target.Relative(from), AccessRights.Read); // DEST's owner gets SRC's data
            target.DemandCreate(to);
            target.FileSystem.CloneForTesting(target.Relative(from), to);
            target.NotifyMount();
            if (result.GetValue(verbose))
            {
                Console.WriteLine($"famfs clone: '{FamfsFileSystem.Normalize(to)}' logged with the extents of '{FamfsFileSystem.Normalize(target.Relative(from))}'");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
