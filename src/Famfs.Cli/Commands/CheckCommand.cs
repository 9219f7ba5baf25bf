using System.CommandLine;
using Famfs.Allocation;
using Famfs.Devices;
using Famfs.Errors;
using Famfs.Format;
using Famfs.Log;
using Famfs.Mounts;
using Famfs.Namespace;

namespace Famfs.Cli.Commands;

/// <summary>
/// famfs check: checks a mounted file system through the mount itself: .meta/.superblock,
/// .meta/.log, and that every logged file is there with its logged size. The exit code is
/// the OR of: 1 a file is missing or wrong, 2 the superblock file is missing or corrupt,
/// 4 the log file is missing or corrupt, 8 a file is poisoned (a memory failure was reported
/// in its extents: reads of it fail with EIO). When it cannot check at all (not a famfs mount
/// point, its daemon is gone, …) it exits <see cref="CannotCheck"/>, outside those bits.
/// </summary>
internal static class CheckCommand
{
    private const int BadFile = 1;
    private const int BadSuperblock = 2;
    private const int BadLog = 4;
    private const int Poisoned = 8;
    private const int CannotCheck = 16;

    public static Command Create()
    {
        var verbose = CommonOptions.Verbose();
        var quiet = CommonOptions.Quiet("No summary line; the exit code tells");
        var mountPoint = new Argument<string>("MOUNTPOINT") { Description = "A mounted famfs file system" };
        var command = new Command("check", "Check every file of a mounted famfs file system (exit bits: 1 files, 2 superblock, 4 log, 8 poisoned)") { verbose, quiet, mountPoint };
        command.SetHandler(result => Run(result.GetRequiredValue(mountPoint), result.GetValue(verbose), result.GetValue(quiet)), CannotCheck);
        return command;
    }

    private static int Run(string mountPoint, bool verbose, bool quiet)
    {
        var root = FamfsMountTable.Resolve(mountPoint);
        if (FamfsMountTable.MountedType(root) != FamfsMountTable.FuseType)
        {
            throw new FamfsException(Errno.EINVAL, $"{root} is not a famfs mount point", "give the directory a famfs file system is mounted on");
        }

        if (FamfsMountTable.DaemonGone(root))
        {
            throw FamfsMountTable.DaemonGoneError(root);
        }

        var superblockBytes = ReadMeta(root, ".superblock", FormatConstants.SuperblockSize);
        var superblock = superblockBytes is null ? null : SuperblockCodec.Decode(superblockBytes);
        var status = 0;
        var sbProblem = superblock is null ? "missing or unreadable" : SuperblockCodec.Validate(superblock, superblockBytes).FirstOrDefault();
        if (superblock is null || sbProblem is not null)
        {
            Report($"superblock file {root}/.meta/.superblock: {sbProblem}");
            return BadSuperblock | BadLog; // without a superblock the log cannot be judged either
        }

        if (superblock.LogLength > int.MaxValue)
        {
            Report($"log file {root}/.meta/.log: {superblock.LogLength} bytes is more than check reads through a mount; run 'famfs fsck {root}'");
            return BadLog;
        }

        var log = ReadMeta(root, ".log", (int)superblock.LogLength);
        var header = log is null ? null : LogHeaderCodec.Decode(log);
        var logProblem = header is null ? "missing or unreadable" : LogHeaderCodec.Validate(header, log, superblock.LogBytes).FirstOrDefault();
        if (log is null || header is null || logProblem is not null)
        {
            Report($"log file {root}/.meta/.log: {logProblem}");
            return BadLog;
        }

        var tree = new FsTree();
        var records = Enumerable.Range(0, (int)header.NextIndex).Select(i =>
            LogRecord.Parse(log.AsSpan(FormatConstants.LogHeaderSize + (i * FormatConstants.LogEntrySize), FormatConstants.LogEntrySize), (ulong)i));
        LogPlayer.Play(tree, records.ToList(), SpaceAdmission.For(superblock, ServedDeviceSize(root) ?? superblock.DeviceBytes));
        if (tree.Damage is { } damage)
        {
            Report($"log file {root}/.meta/.log: {damage.Describe()}");
            status |= BadLog;
        }

        var files = tree.Files().ToList();
        foreach (var file in files)
        {
            var problem = CheckFile(Path.Combine(root, file.Path), file);
            if (problem is not null)
            {
                Report($"{file.Path}: {problem}");
                status |= BadFile;
            }
            else if (verbose)
            {
                Console.WriteLine($"ok {file.Path} ({file.Size} bytes)");
            }
        }

        if (FamfsMountTable.At(root) is { } mount)
        {
            using var fs = Famfs.Files.FamfsFileSystem.Open(mount.DevicePath, Famfs.Hosting.HostEnvironment.FileSystemOptions(readOnly: true));
            foreach (var path in fs.PoisonedFiles)
            {
                Report($"{path}: poisoned (memory failure reported in its extents; reads fail with EIO)");
                status |= Poisoned;
            }
        }

        if (!quiet)
        {
            Console.WriteLine($"famfs check: {files.Count} files checked in {root}{(status == 0 ? ", no problems" : $", status {status}")}");
        }

        return status;
    }

    private static string? CheckFile(string path, FsFile file)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return Directory.Exists(path) ? "is a directory in the mount, a file in the log" : "is in the log but missing from the mount";
        }

        return info.Length == file.Size ? null : $"has size {info.Length} in the mount, {file.Size} in the log";
    }

    /// <summary>
    /// The size the daemon judges extents against: its device's own, which a damaged superblock
    /// can misstate (fsck warns of that; the mount serves by the device). Null when the mount
    /// table does not name the device or it cannot be opened: the superblock's figure is used.
    /// </summary>
    private static ulong? ServedDeviceSize(string root)
    {
        if (FamfsMountTable.LiveAt(root)?.DevicePath is not { } path)
        {
            return null;
        }

        try
        {
            using var device = MemoryDevice.Open(path, writable: false);
            return device.SizeBytes;
        }
        catch (FamfsException)
        {
            return null;
        }
    }

    private static byte[]? ReadMeta(string root, string name, int length)
    {
        try
        {
            using var handle = File.OpenHandle(Path.Combine(root, ".meta", name), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var bytes = new byte[length];
            var done = 0;
            while (done < length)
            {
                var n = RandomAccess.Read(handle, bytes.AsSpan(done), done);
                if (n == 0)
                {
                    return null;
                }

                done += n;
            }

            return bytes;
        }
        catch (UnauthorizedAccessException)
        {
            throw new FamfsException(Errno.EACCES, $"{root}/.meta is root's: famfs check reads the superblock and log through it", "run famfs check as root");
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static void Report(string problem) => Console.Error.WriteLine($"famfs check: {problem}");
}
