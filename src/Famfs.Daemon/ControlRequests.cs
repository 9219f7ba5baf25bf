using System.Globalization;
using Famfs.Errors;
using Famfs.Files;

namespace Famfs.Daemon;

/// <summary>What the daemon answers on its control socket (see Famfs.Mounts.ControlChannel).</summary>
internal static class ControlRequests
{
    public static string Handle(FamfsFuseFileSystem served, PoisonInvalidator poison, string request)
    {
        var fs = served.FileSystem;
        var words = request.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words switch
        {
            ["logplay"] => LogPlay(served),
            ["poison", var offset, var length] => Poison(fs, poison, long.Parse(offset, CultureInfo.InvariantCulture), long.Parse(length, CultureInfo.InvariantCulture)),
            ["status"] => string.Create(CultureInfo.InvariantCulture,
                $"{fs.Role.ToString().ToLowerInvariant()} {fs.Superblock.FsUuid} files={fs.Tree.FileCount} directories={fs.Tree.DirectoryCount} next_index={fs.Tree.NextIndex}\n"),
            _ => throw new FamfsException(Errno.EINVAL, $"unknown control request '{request}'"),
        };
    }

    /// <summary>Records a memory failure, revokes the files over it and drops their cached pages; answers which files.</summary>
    private static string Poison(FamfsFileSystem fs, PoisonInvalidator poison, long offset, long length)
    {
        var report = fs.ReportMemoryFailure(offset, length);
        poison.Sync();
        return string.Join('\n', report.Describe(fs.Device.Path, fs.PoisonLedgerPath)) + "\n";
    }

    /// <summary>Plays what is new in the log; answers one line per entry played, then a summary.</summary>
    private static string LogPlay(FamfsFuseFileSystem served)
    {
        var fs = served.FileSystem;
        var outcomes = served.PlayLog();
        var lines = outcomes.Select(o => $"{o.Record.Index} {Format.LogEntryNames.Describe(o.Record.Entry)} {o.Status}").ToList();
        var bad = outcomes.Count(o => o.Problem is not null);
        lines.Add($"played {outcomes.Count} new log entries ({bad} bad); next index {fs.Tree.NextIndex}");
        return string.Join('\n', lines) + "\n";
    }
}
