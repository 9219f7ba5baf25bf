using System.CommandLine;
using Famfs.Files;
using Famfs.Errors;
using Famfs.Format;

namespace Famfs.Cli.Commands;

/// <summary>famfs chkread: read a file through Read (a copy) and through its mapping, and compare.</summary>
internal static class ChkreadCommand
{
    public static Command Create()
    {
        var files = new FileOptions();
        var file = new Argument<string>("FILE") { Description = "famfs file" };
        var superblock = new Option<bool>("--superblock", "-s") { Description = "FILE is the superblock (.meta/.superblock): compare it read from the device and through the mapping" };
        var log = new Option<bool>("--log", "-l") { Description = "FILE is the log (.meta/.log): compare it read from the device and through the mapping" };
        var command = new Command("chkread", "Read a file via read and via its mapping and compare. Exit 8: they differ") { files.Device, superblock, log, file };
        command.SetHandler(result =>
        {
            var path = result.GetRequiredValue(file);
            using var target = files.Open(result, path, readOnly: true);
            if (result.GetValue(superblock) || result.GetValue(log))
            {
                return CheckMetadata(target.FileSystem, result.GetValue(superblock));
            }

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

    /// <summary>chkread -s / -l: the superblock or the log read from the device equals what the mapping shows.</summary>
    private static int CheckMetadata(FamfsFileSystem fs, bool superblock)
    {
        var (offset, length, name) = superblock
            ? (0UL, FormatConstants.SuperblockSize, "superblock")
            : (FormatConstants.LogOffset, checked((int)fs.Superblock.LogLength), "log");
        var read = new byte[length];
        for (var done = 0; done < length;)
        {
            var n = fs.Device.ReadAt(offset + (ulong)done, read.AsSpan(done));
            done += n > 0 ? n : throw new FamfsException(Errno.EIO, $"the {name} of {fs.Device.Path} ended at {done} of {length} bytes");
        }

        var at = read.AsSpan().CommonPrefixLength(fs.MetadataBytes(offset, length));
        if (at < length)
        {
            throw new FamfsException(Errno.EIO, $"the {name} of {fs.Device.Path}: read and mapping differ at offset {at}");
        }

        Console.WriteLine(superblock
            ? $"famfs chkread: superblock of {fs.Device.Path} (file system {fs.Superblock.FsUuid}): {length} bytes read both ways, identical"
            : $"famfs chkread: log of {fs.Device.Path} ({fs.Superblock.LogLength} bytes): read both ways, identical");
        return ExitCodes.Success;
    }
}
