using System.Globalization;
using Famfs.Format;

namespace Famfs.Tests.TestSupport;

/// <summary>
/// Every field of a decoded entry as one string, so two entries compare structurally
/// (records holding ImmutableArray compare the arrays by reference).
/// </summary>
internal static class EntryText
{
    public static string Of(LogEntry entry) => entry switch
    {
        FileEntry f => Invariant($"FILE seq={f.Seqnum} path={f.Path} size={f.Size} flags={f.Flags} uid={f.Uid} gid={f.Gid} mode={f.Mode} map={Of(f.Map)} defect={f.Defect}"),
        MkdirEntry d => Invariant($"MKDIR seq={d.Seqnum} path={d.Path} uid={d.Uid} gid={d.Gid} mode={d.Mode} defect={d.Defect}"),
        AddDaxdevEntry a => Invariant($"ADD_DAXDEV seq={a.Seqnum} size={a.DeviceSize} uuid={a.DeviceUuid} index={a.DeviceIndex} defect={a.Defect}"),
        _ => Invariant($"type={entry.RawType} seq={entry.Seqnum} defect={entry.Defect}"),
    };

    public static string Of(FileMap map) => map switch
    {
        SimpleFileMap s => $"simple[{Extents(s.Extents)}]",
        InterleavedFileMap i => Invariant($"interleave(n={i.StripCount},chunk={i.ChunkSize})[{Extents(i.Strips)}]"),
        _ => "?",
    };

    private static string Extents(IEnumerable<Extent> extents) =>
        string.Join(",", extents.Select(e => Invariant($"{e.DevIndex}:{e.Offset}+{e.Length}")));

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
