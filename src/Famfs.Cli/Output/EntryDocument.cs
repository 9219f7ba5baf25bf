using System.Text.Json.Serialization;
using Famfs.Format;
using Famfs.Namespace;

namespace Famfs.Cli.Output;

/// <summary>
/// The JSON shape of a log entry, shared by `logplay --json`, `fsck --json` and `getmap --json`:
/// {"index","seqnum","type", the type's own fields, "status"}. getmap prints a file's fields
/// alone, so the played-entry fields are left out when null.
/// </summary>
[JsonDerivedType(typeof(FileEntryDocument))]
[JsonDerivedType(typeof(MkdirEntryDocument))]
[JsonDerivedType(typeof(DaxdevEntryDocument))]
[JsonDerivedType(typeof(OpaqueEntryDocument))]
internal abstract record EntryDocument
{
    [JsonPropertyOrder(-3)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ulong? Index { get; init; }

    [JsonPropertyOrder(-2)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ulong? Seqnum { get; init; }

    [JsonPropertyOrder(-1)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Type { get; init; }

    [JsonPropertyOrder(1)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Status { get; init; }

    public static EntryDocument FromOutcome(PlayOutcome outcome)
    {
        var entry = outcome.Record.Entry;
        return FromEntry(entry) with
        {
            Index = outcome.Record.Index,
            Seqnum = entry.Seqnum,
            Type = TypeName(entry.RawType),
            Status = outcome.Status,
        };
    }

    public static FileEntryDocument FromFile(FileEntry file) => file.Map switch
    {
        InterleavedFileMap interleaved => new(file.Path, file.Mode, file.Uid, file.Gid, file.Size, file.Flags, [],
            new InterleaveDocument(interleaved.StripCount, interleaved.ChunkSize, Extents(interleaved.Strips))),
        SimpleFileMap simple => new(file.Path, file.Mode, file.Uid, file.Gid, file.Size, file.Flags, Extents(simple.Extents), null),
        _ => throw new ArgumentException($"no JSON shape for a {file.Map.GetType().Name}", nameof(file)),
    };

    private static EntryDocument FromEntry(LogEntry entry) => entry switch
    {
        FileEntry file => FromFile(file),
        MkdirEntry dir => new MkdirEntryDocument(dir.Path, dir.Mode, dir.Uid, dir.Gid),
        AddDaxdevEntry dax => new DaxdevEntryDocument(dax.DeviceSize, dax.DeviceUuid.ToString(), dax.DeviceIndex),
        _ => new OpaqueEntryDocument(entry.RawType),
    };

    private static string TypeName(uint type) => type switch
    {
        (uint)LogEntryType.File => "file",
        (uint)LogEntryType.Mkdir => "mkdir",
        (uint)LogEntryType.Delete => "delete",
        (uint)LogEntryType.AddDaxdev => "add_daxdev",
        _ => "unknown",
    };

    private static ExtentDocument[] Extents(IEnumerable<Extent> extents) =>
        [.. extents.Select(e => new ExtentDocument(e.DevIndex, e.Offset, e.Length))];
}

/// <summary>A FILE entry: simple files list "extents" and a null "interleave"; interleaved ones no extents and their strips.</summary>
internal sealed record FileEntryDocument(
    string Path, uint Mode, uint Uid, uint Gid, ulong Size, uint Flags,
    IReadOnlyList<ExtentDocument> Extents, InterleaveDocument? Interleave) : EntryDocument;

internal sealed record MkdirEntryDocument(string Path, uint Mode, uint Uid, uint Gid) : EntryDocument;

internal sealed record DaxdevEntryDocument(ulong DdSize, string DdUuid, uint DdIndex) : EntryDocument;

/// <summary>DELETE, INVALID or an unknown type: only the raw type is known.</summary>
internal sealed record OpaqueEntryDocument(uint RawType) : EntryDocument;

internal sealed record ExtentDocument(ulong Devindex, ulong Offset, ulong Length);

internal sealed record InterleaveDocument(ulong Nstrips, ulong ChunkSize, IReadOnlyList<ExtentDocument> Strips);
