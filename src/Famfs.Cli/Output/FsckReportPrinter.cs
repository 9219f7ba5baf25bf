using System.Globalization;
using Famfs.Admin;
using Famfs.Format;

namespace Famfs.Cli.Output;

/// <summary>
/// fsck's human-readable report: the reference famfs's sections and labels wherever we have the
/// same facts (scripts parse them, e.g. the third field of "Device capacity:"), then what only
/// famfs.net finds (warnings, errors, with -v each entry), then one verdict line.
/// </summary>
internal static class FsckReportPrinter
{
    private const double GiB = 1024.0 * 1024 * 1024;

    public static void Print(FsckReport report, bool verbose, bool human)
    {
        if (report.Superblock is { } sb && sb.Magic == FormatConstants.SuperblockMagic)
        {
            Line("Famfs Superblock:");
            Line($"  Filesystem UUID:   {sb.FsUuid}");
            Line($"  Device UUID:       {sb.DeviceUuid}");
            Line($"  System UUID:       {sb.SystemUuid}");
            Line($"  alloc_unit:        0x{sb.AllocationUnit:x}");
            Line($"  OMF major version: {sb.OmfMajor}");
            Line($"  OMF minor version: {sb.OmfMinor}");
            Line($"  log size (bytes):  {sb.LogLength}");
            Line($"  primary: {sb.DaxdevPath}   {report.DeviceSize}");
        }

        if (report.LogHeader is { } header)
        {
            Line(string.Empty);
            Line("Log stats:");
            Line($"  # of log entries in use: {header.NextIndex} of {header.Capacity}");
            Line($"  Log size in use:          {FormatConstants.LogHeaderSize + (header.NextIndex * FormatConstants.LogEntrySize)}");
            Line($"  Log size (total bytes)    {header.Length}");
        }

        if (report.Statistics is { } stats)
        {
            Capacity(report, stats, human);
        }

        if (report.LogHeader is { } log && report.Statistics is { } counts)
        {
            Line("Famfs log:");
            Line($"  {log.NextIndex} of {log.Capacity} entries used");
            Line($"  {report.DamagedEntries} bad log entries detected");
            Line($"  {counts.Files} files");
            Line($"  {counts.Directories} directories");
            Line(string.Empty);
        }

        if (verbose)
        {
            foreach (var outcome in report.Entries)
            {
                Line($"  entry {outcome.Record.Index}: {LogEntryNames.Describe(outcome.Record.Entry)}: {outcome.Status}");
            }
        }

        report.Warnings.ForEach(w => Line($"  warning: {w}"));
        report.Errors.ForEach(e => Line($"  error: {e}"));
        Line(report.Clean ? "no errors found" : $"{report.Errors.Count} error(s) found");
    }

    private static void Capacity(FsckReport report, FsckStatistics stats, bool human)
    {
        if (report.CrossLinks.Count > 0)
        {
            Line($"ERROR: {report.CrossLinks.Count} ALLOCATION COLLISIONS FOUND");
            return;
        }

        Line("  No allocation errors found");
        Line(string.Empty);
        Line("Capacity:");

        // As the reference counts them: file sizes and file allocations, not the metadata's reserved units.
        var fileBytes = report.FileBytes;
        var allocated = (ulong)((stats.AllocatedUnits - stats.ReservedUnits) * stats.AllocationUnit);
        var total = (ulong)(stats.TotalUnits * stats.AllocationUnit);
        var free = total - allocated;
        if (human)
        {
            Line($"  Device capacity:        {Gigs((ulong)report.DeviceSize)}");
            Line($"  Bitmap capacity:        {Gigs(total)}");
            Line($"  Sum of file sizes:      {Gigs(fileBytes)}");
            Line($"  Allocated space:        {Gigs(allocated)}");
            Line($"  Free space:             {Gigs(free)}");
        }
        else
        {
            Line($"  Device capacity:        {report.DeviceSize}");
            Line($"  Bitmap capacity:        {total}");
            Line($"  Sum of file sizes:      {fileBytes}");
            Line($"  Allocated bytes:        {allocated}");
            Line($"  Free space:             {free}");
        }

        // With no files the reference divides 0 by 0; 0.00 says the same without a NaN.
        var amplification = fileBytes == 0 ? 0 : (double)allocated / fileBytes;
        var percent = total == 0 ? 0 : 100.0 * allocated / total;
        Line(string.Create(CultureInfo.InvariantCulture, $"  Space amplification:     {amplification:0.00}"));
        Line(string.Create(CultureInfo.InvariantCulture, $"  Percent used:            {percent:0.0}%"));
        Line(string.Empty);
    }

    private static string Gigs(ulong bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / GiB:0.00}G");

    private static void Line(string text) => Console.WriteLine(text);
}
