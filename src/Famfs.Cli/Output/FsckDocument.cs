using System.Text.Json.Serialization;
using Famfs.Admin;
using Famfs.Format;

namespace Famfs.Cli.Output;

/// <summary>`fsck --json`: the report, with the superblock, log header and statistics left out when fsck could not read them.</summary>
internal sealed record FsckDocument(
    string Device,
    long DeviceSize,
    bool Clean,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SuperblockDocument? Superblock,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] LogHeaderDocument? Log,
    IReadOnlyList<EntryDocument> Entries,
    IReadOnlyList<CrossLinkDocument> CrossLinks,
    IReadOnlyList<PoisonedDocument> Poisoned,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] StatisticsDocument? Statistics,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> Warnings)
{
    public static FsckDocument From(FsckReport report) => new(
        report.DevicePath,
        report.DeviceSize,
        report.Clean,
        report.Superblock is { } sb ? SuperblockDocument.From(sb) : null,
        report.LogHeader is { } h ? LogHeaderDocument.From(h) : null,
        [.. report.Entries.Select(EntryDocument.FromOutcome)],
        [.. report.CrossLinks.Select(l => new CrossLinkDocument(l.FirstPath, l.FirstIndex, l.SecondPath, l.SecondIndex, l.Offset, l.Length))],
        [.. report.Poisoned.Select(p => new PoisonedDocument(p.Range.Offset, p.Range.Length, p.Files))],
        report.Statistics is { } s ? StatisticsDocument.From(s) : null,
        report.Errors,
        report.Warnings);
}

/// <summary>The superblock under the reference's field names.</summary>
internal sealed record SuperblockDocument(
    ulong Magic, ulong Version, long LogOffset, long LogLen, long AllocUnit, uint OmfVerMajor, uint OmfVerMinor,
    string Uuid, string DevUuid, string SystemUuid, ulong Crc, uint SbFlags, long DdSize, string DdDaxdev)
{
    public static SuperblockDocument From(Superblock sb) => new(
        sb.Magic, sb.Version, sb.LogOffset, sb.LogLength, sb.AllocationUnit, sb.OmfMajor, sb.OmfMinor,
        sb.FsUuid.ToString(), sb.DeviceUuid.ToString(), sb.SystemUuid.ToString(), sb.Crc, sb.Flags, sb.DeviceSize, sb.DaxdevPath);
}

internal sealed record LogHeaderDocument(ulong Magic, ulong Len, ulong LastIndex, ulong Crc, ulong NextSeqnum, ulong NextIndex)
{
    public static LogHeaderDocument From(LogHeader h) => new(h.Magic, h.Length, h.LastIndex, h.Crc, h.NextSeqnum, h.NextIndex);
}

internal sealed record CrossLinkDocument(string First, ulong FirstIndex, string Second, ulong SecondIndex, long Offset, long Length);

internal sealed record PoisonedDocument(long Offset, long Length, IReadOnlyList<string> Files);

internal sealed record StatisticsDocument(
    long Capacity, long AllocUnit, int TotalUnits, int ReservedUnits, int AllocatedUnits, int FreeUnits,
    long AllocatedBytes, long FreeBytes, int Files, int Directories, double PercentUsed)
{
    public static StatisticsDocument From(FsckStatistics s) => new(
        s.CapacityBytes, s.AllocationUnit, s.TotalUnits, s.ReservedUnits, s.AllocatedUnits, s.FreeUnits,
        s.AllocatedBytes, s.FreeBytes, s.Files, s.Directories, Math.Round(s.PercentUsed, 2));
}
