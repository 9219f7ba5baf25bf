using System.CommandLine;
using System.Text.Json;
using Famfs.Admin;
using Famfs.Cli.Output;
using Famfs.Devices;
using Famfs.Errors;

namespace Famfs.Cli.Commands;

/// <summary>famfs fsck: check superblock, log and allocation map, read-only.</summary>
internal static class FsckCommand
{
    public static Command Create()
    {
        var verbose = CommonOptions.Verbose();
        var human = new Option<bool>("--human", "-h") { Description = "Sizes in GiB, as the reference prints them" };
        var json = CommonOptions.Json();
        var force = new Option<bool>("--force", "-f") { Description = "Check the device even while it is mounted (otherwise refused: check the mount point instead)" };
        var mmap = new Option<bool>("--mmap", "-m") { Description = "Read the metadata through a mapping (what famfs.net always does)" };
        var read = new Option<bool>("--read", "-r") { Description = "The reference's read(2) path; famfs.net always maps the metadata (ignored)" };
        var device = new Argument<string>("DEVICE|MOUNTPOINT") { Description = "Memory device, or the mount point of a mounted famfs file system" };
        var command = new Command("fsck", "Check a famfs file system (read-only). Exit 0: clean; 1: problems found")
        {
            verbose, human, json, force, mmap, read, device,
        };
        command.AddIgnoredValue("--nbuckets", "-B", "famfs.net's fsck reports the whole device, not per-bucket use");
        command.AddIgnored("--mock", "-M", "a test hook of the reference's kernel-module mode");
        command.AddKernelModeFlags();
        command.SetHandler(result =>
        {
            if (result.GetValue(mmap) && result.GetValue(read))
            {
                throw new FamfsException(Errno.EINVAL, "--mmap and --read are mutually exclusive", "give one of them, or neither");
            }

            if (result.GetValue(read))
            {
                Console.Error.WriteLine("famfs fsck: note: -r/--read ignored: famfs.net always reads the metadata through a mapping");
            }

            return Run(result.GetRequiredValue(device), result.GetValue(verbose), result.GetValue(human), result.GetValue(json), result.GetValue(force));
        });
        return command;
    }

    private static int Run(string path, bool verbose, bool human, bool json, bool force)
    {
        var mount = Famfs.Mounts.FamfsMountTable.LiveAt(path);
        using var dev = MemoryDevice.Open(mount?.DevicePath ?? path, writable: false);
        if (mount is null && !force && Famfs.Mounts.HostClaim.MountsOf(dev.Identity).FirstOrDefault() is { } mounted)
        {
            // As the reference: a mounted file system is checked through its mount.
            throw new FamfsException(Errno.EBUSY, $"{path} is mounted at {mounted.MountPoint}",
                $"run 'famfs fsck {mounted.MountPoint}', or add -f to check the device anyway");
        }

        var report = Fsck.Run(dev);
        if (json)
        {
            JsonDocumentWriter.Write(w => WriteJson(w, report));
        }
        else
        {
            FsckReportPrinter.Print(report, verbose, human);
        }

        return report.Clean ? ExitCodes.Success : ExitCodes.CheckFailed;
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
