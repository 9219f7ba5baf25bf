using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Famfs.Admin;
using Famfs.Cli.Output;
using Famfs.Devices;

namespace Famfs.Cli.Commands;

/// <summary>famfs fsck: check superblock, log and allocation map, read-only.</summary>
internal static class FsckCommand
{
    public static Command Create()
    {
        var verbose = CommonOptions.Verbose();
        var human = new Option<bool>("--human", "-h") { Description = "Sizes in KiB/MiB/GiB rather than bytes" };
        var json = CommonOptions.Json();
        var device = new Argument<string>("DEVICE|MOUNTPOINT") { Description = "Memory device, or the mount point of a mounted famfs file system" };
        var command = new Command("fsck", "Check a famfs file system (read-only). Exit 0: clean; 1: problems found")
        {
            verbose, human, json, device,
        };

        command.SetHandler(result => Run(
            result.GetRequiredValue(device), result.GetValue(verbose), result.GetValue(human), result.GetValue(json)));
        return command;
    }

    private static int Run(string path, bool verbose, bool human, bool json)
    {
        var mount = Famfs.Mounts.FamfsMountTable.LiveAt(path);
        using var dev = MemoryDevice.Open(mount?.DevicePath ?? path, writable: false);
        var report = Fsck.Run(dev);
        if (json)
        {
            JsonDocumentWriter.Write(w => WriteJson(w, report));
        }
        else
        {
            PrintHuman(report, verbose, human);
        }

        return report.Clean ? ExitCodes.Success : ExitCodes.CheckFailed;
    }

    private static void PrintHuman(FsckReport report, bool verbose, bool human)
    {
        string Size(ulong bytes) => human ? Units.Human(bytes) : bytes.ToString(CultureInfo.InvariantCulture);

        Console.WriteLine($"famfs fsck of {report.DevicePath} ({Size(report.DeviceSize)})");
        if (report.Superblock is { } sb && sb.Magic == Famfs.Format.FormatConstants.SuperblockMagic)
        {
            Console.WriteLine($"  superblock: file system {sb.FsUuid}, master {sb.SystemUuid}, log {Size(sb.LogLength)}");
        }

        if (report.LogHeader is { } header)
        {
            Console.WriteLine($"  log: {header.NextIndex} of {header.Capacity} entries used");
        }

        if (verbose)
        {
            foreach (var outcome in report.Entries)
            {
                Console.WriteLine($"  entry {outcome.Record.Index}: {Famfs.Format.LogEntryNames.Describe(outcome.Record.Entry)}: {outcome.Status}");
            }
        }

        if (report.Statistics is { } stats)
        {
            Console.WriteLine($"  capacity {Size(stats.CapacityBytes)}, allocated {Size(stats.AllocatedBytes)}, free {Size(stats.FreeBytes)} " +
                string.Create(CultureInfo.InvariantCulture, $"({stats.PercentUsed:0.0}% used)"));
            Console.WriteLine($"  {stats.Files} files, {stats.Directories} directories, allocation unit {Size(stats.AllocationUnit)}");
        }

        foreach (var warning in report.Warnings)
        {
            Console.WriteLine($"  warning: {warning}");
        }

        foreach (var error in report.Errors)
        {
            Console.WriteLine($"  error: {error}");
        }

        Console.WriteLine(report.Clean ? "no errors found" : $"{report.Errors.Count} error(s) found");
    }

    private static void WriteJson(Utf8JsonWriter w, FsckReport report)
    {
        w.WriteStartObject();
        w.WriteString("device", report.DevicePath);
        w.WriteNumber("device_size", report.DeviceSize);
        w.WriteBoolean("clean", report.Clean);
        if (report.Superblock is { } sb)
        {
            w.WriteStartObject("superblock");
            w.WriteNumber("magic", sb.Magic);
            w.WriteNumber("version", sb.Version);
            w.WriteNumber("log_offset", sb.LogOffset);
            w.WriteNumber("log_len", sb.LogLength);
            w.WriteNumber("alloc_unit", sb.AllocationUnit);
            w.WriteNumber("omf_ver_major", sb.OmfMajor);
            w.WriteNumber("omf_ver_minor", sb.OmfMinor);
            w.WriteString("uuid", sb.FsUuid.ToString());
            w.WriteString("dev_uuid", sb.DeviceUuid.ToString());
            w.WriteString("system_uuid", sb.SystemUuid.ToString());
            w.WriteNumber("crc", sb.Crc);
            w.WriteNumber("sb_flags", sb.Flags);
            w.WriteNumber("dd_size", sb.DeviceSize);
            w.WriteString("dd_daxdev", sb.DaxdevPath);
            w.WriteEndObject();
        }

        if (report.LogHeader is { } h)
        {
            w.WriteStartObject("log");
            w.WriteNumber("magic", h.Magic);
            w.WriteNumber("len", h.Length);
            w.WriteNumber("last_index", h.LastIndex);
            w.WriteNumber("crc", h.Crc);
            w.WriteNumber("next_seqnum", h.NextSeqnum);
            w.WriteNumber("next_index", h.NextIndex);
            w.WriteEndObject();
        }

        w.WriteStartArray("entries");
        foreach (var outcome in report.Entries)
        {
            EntryJson.WriteOutcome(w, outcome);
        }

        w.WriteEndArray();
        w.WriteStartArray("cross_links");
        foreach (var link in report.CrossLinks)
        {
            w.WriteStartObject();
            w.WriteString("first", link.FirstPath);
            w.WriteNumber("first_index", link.FirstIndex);
            w.WriteString("second", link.SecondPath);
            w.WriteNumber("second_index", link.SecondIndex);
            w.WriteNumber("offset", link.Offset);
            w.WriteNumber("length", link.Length);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("poisoned");
        foreach (var poisoned in report.Poisoned)
        {
            w.WriteStartObject();
            w.WriteNumber("offset", poisoned.Range.Offset);
            w.WriteNumber("length", poisoned.Range.Length);
            WriteStrings(w, "files", poisoned.Files);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (report.Statistics is { } s)
        {
            w.WriteStartObject("statistics");
            w.WriteNumber("capacity", s.CapacityBytes);
            w.WriteNumber("alloc_unit", s.AllocationUnit);
            w.WriteNumber("total_units", s.TotalUnits);
            w.WriteNumber("reserved_units", s.ReservedUnits);
            w.WriteNumber("allocated_units", s.AllocatedUnits);
            w.WriteNumber("free_units", s.FreeUnits);
            w.WriteNumber("allocated_bytes", s.AllocatedBytes);
            w.WriteNumber("free_bytes", s.FreeBytes);
            w.WriteNumber("files", s.Files);
            w.WriteNumber("directories", s.Directories);
            w.WriteNumber("percent_used", Math.Round(s.PercentUsed, 2));
            w.WriteEndObject();
        }

        WriteStrings(w, "errors", report.Errors);
        WriteStrings(w, "warnings", report.Warnings);
        w.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }
}
