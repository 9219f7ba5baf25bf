using System.CommandLine;
using Famfs.Allocation;
using Famfs.Errors;
using Famfs.Files;

namespace Famfs.Cli;

/// <summary>
/// Options shared by the commands that create or open files: the device, ownership and mode,
/// and striping. Each command adds the ones it takes and reads them back through here.
/// </summary>
internal sealed class FileOptions
{
    public Option<string> Device { get; } = new("--device", "-D")
    {
        Description = "Memory device holding the file system (paths are then relative to its root); without it, paths are inside a famfs mount",
    };

    public Option<string> Mode { get; } = new("--mode", "-m") { Description = "Permission bits, octal (default 0644 for files, 0755 for directories)" };
    public Option<uint?> Uid { get; } = new("--uid", "-u") { Description = "Owner uid (default: the caller's)" };
    public Option<uint?> Gid { get; } = new("--gid", "-g") { Description = "Owner gid (default: the caller's)" };
    public Option<int?> Strips { get; } = new("--nstrips", "-N") { Description = "Interleave: strips per file (with -B and -C)" };
    public Option<int?> Buckets { get; } = new("--nbuckets", "-B") { Description = "Interleave: buckets the device is split into" };
    public Option<string> Chunk { get; } = new("--chunksize", "-C") { Description = "Interleave: chunk size (power of 2, multiple of 2m)" };

    public void AddOwnership(Command command)
    {
        command.Add(Mode);
        command.Add(Uid);
        command.Add(Gid);
    }

    public void AddInterleave(Command command)
    {
        command.Add(Strips);
        command.Add(Buckets);
        command.Add(Chunk);
    }

    /// <summary>Opens the file system that <paramref name="samplePath"/> (a famfs path of the command) is in.</summary>
    public FamfsTarget Open(ParseResult result, string samplePath, bool readOnly) =>
        FamfsTarget.Open(result.GetValue(Device), samplePath, readOnly);

    /// <summary>
    /// Opens the file system of the first of <paramref name="paths"/> that is in a famfs mount
    /// (the first path with --device), so one path outside famfs fails alone, not the whole command.
    /// </summary>
    public FamfsTarget Open(ParseResult result, IEnumerable<string> paths, bool readOnly)
    {
        var all = paths.ToList();
        var sample = result.GetValue(Device) is null ? all.FirstOrDefault(p => Famfs.Mounts.FamfsMountTable.Containing(p) is not null) : null;
        return Open(result, sample ?? all[0], readOnly);
    }

    public CreateOptions CreateOptions(ParseResult result) => new()
    {
        Mode = (UnixFileMode?)ParseMode(result.GetValue(Mode)),
        Uid = result.GetValue(Uid),
        Gid = result.GetValue(Gid),
        Interleave = Interleave(result),
    };

    private InterleaveParameters? Interleave(ParseResult result)
    {
        var strips = result.GetValue(Strips);
        var buckets = result.GetValue(Buckets);
        var chunk = result.GetValue(Chunk);
        if (strips is null && buckets is null && chunk is null)
        {
            return null;
        }

        if (strips is null || buckets is null)
        {
            throw new FamfsException(Errno.EINVAL, "interleaving needs both -N/--nstrips and -B/--nbuckets", "give -N, -B and optionally -C (default 2m)");
        }

        return new InterleaveParameters(strips.Value, buckets.Value, chunk is null ? 2 * Units.MiB : Units.ParseSize(chunk));
    }

    private static uint? ParseMode(string? text)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            var mode = Convert.ToUInt32(text, 8);
            return mode <= 0xFFF ? mode : throw new FormatException();
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw new FamfsException(Errno.EINVAL, $"mode '{text}' is not an octal permission value", "write it like 0644 or 755");
        }
    }
}
