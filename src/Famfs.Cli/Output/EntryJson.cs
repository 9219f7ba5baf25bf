using System.Text.Json;
using Famfs.Format;
using Famfs.Namespace;

namespace Famfs.Cli.Output;

/// <summary>
/// The JSON shape of a log entry, shared by `logplay --json`, `fsck --json` and `getmap --json`:
/// {"index","seqnum","type","path","mode","uid","gid", files also "size","flags","extents","interleave", "status"}.
/// </summary>
internal static class EntryJson
{
    public static void WriteOutcome(Utf8JsonWriter json, PlayOutcome outcome)
    {
        var entry = outcome.Record.Entry;
        json.WriteStartObject();
        json.WriteNumber("index", outcome.Record.Index);
        json.WriteNumber("seqnum", entry.Seqnum);
        json.WriteString("type", TypeName(entry.RawType));
        WriteBody(json, entry);
        json.WriteString("status", outcome.Status);
        json.WriteEndObject();
    }

    public static string TypeName(uint type) => type switch
    {
        (uint)LogEntryType.File => "file",
        (uint)LogEntryType.Mkdir => "mkdir",
        (uint)LogEntryType.Delete => "delete",
        (uint)LogEntryType.AddDaxdev => "add_daxdev",
        _ => "unknown",
    };

    /// <summary>The type-specific fields of an entry (no enclosing object).</summary>
    public static void WriteBody(Utf8JsonWriter json, LogEntry entry)
    {
        switch (entry)
        {
            case FileEntry file:
                WriteFileFields(json, file);
                break;
            case MkdirEntry dir:
                json.WriteString("path", dir.Path);
                json.WriteNumber("mode", dir.Mode);
                json.WriteNumber("uid", dir.Uid);
                json.WriteNumber("gid", dir.Gid);
                break;
            case AddDaxdevEntry dax:
                json.WriteNumber("dd_size", dax.DeviceSize);
                json.WriteString("dd_uuid", dax.DeviceUuid.ToString());
                json.WriteNumber("dd_index", dax.DeviceIndex);
                break;
            default:
                json.WriteNumber("raw_type", entry.RawType);
                break;
        }
    }

    public static void WriteFileFields(Utf8JsonWriter json, FileEntry file)
    {
        json.WriteString("path", file.Path);
        json.WriteNumber("mode", file.Mode);
        json.WriteNumber("uid", file.Uid);
        json.WriteNumber("gid", file.Gid);
        json.WriteNumber("size", file.Size);
        json.WriteNumber("flags", file.Flags);
        switch (file.Map)
        {
            case SimpleFileMap simple:
                WriteExtents(json, "extents", simple.Extents);
                json.WriteNull("interleave");
                break;
            case InterleavedFileMap interleaved:
                WriteExtents(json, "extents", []);
                json.WriteStartObject("interleave");
                json.WriteNumber("nstrips", interleaved.StripCount);
                json.WriteNumber("chunk_size", interleaved.ChunkSize);
                WriteExtents(json, "strips", interleaved.Strips);
                json.WriteEndObject();
                break;
        }
    }

    private static void WriteExtents(Utf8JsonWriter json, string name, IEnumerable<Extent> extents)
    {
        json.WriteStartArray(name);
        foreach (var e in extents)
        {
            json.WriteStartObject();
            json.WriteNumber("devindex", e.DevIndex);
            json.WriteNumber("offset", e.Offset);
            json.WriteNumber("length", e.Length);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
