using System.CommandLine;
using Famfs.Files;
using Famfs.Errors;

namespace Famfs.Cli.Commands;

/// <summary>famfs chkread: read a file through Read (a copy) and through its mapping, and compare.</summary>
internal static class ChkreadCommand
{
    public static Command Create()
    {
        var files = new FileOptions();
        var file = new Argument<string>("FILE") { Description = "famfs file" };
        var command = new Command("chkread", "Read a file via read and via its mapping and compare. Exit 1: they differ") { files.Device, file };
        command.SetHandler(result =>
        {
            var path = result.GetRequiredValue(file);
            using var target = files.Open(result, path, readOnly: true);
            using var open = target.OpenFile(target.Relative(path));
            var buffer = new byte[64 * 1024 * 1024];
            long mismatch = -1;
            open.ForEachPiece((offset, length) =>
            {
                for (var done = 0; done < length && mismatch < 0; done += buffer.Length)
                {
                    var n = Math.Min(buffer.Length, length - done);
                    open.Read(offset + done, buffer.AsSpan(0, n));
                    var at = buffer.AsSpan(0, n).CommonPrefixLength(open.GetReadOnlySpan(offset + done, n));
                    mismatch = at < n ? offset + done + at : -1;
                }
            });
            if (mismatch >= 0)
            {
                throw new FamfsException(Errno.EIO, $"'{open.Path}': read and mapping differ at offset {mismatch}");
            }

            Console.WriteLine($"famfs chkread: '{open.Path}': {open.Length} bytes read both ways, identical");
            return ExitCodes.Success;
        });
        return command;
    }
}
