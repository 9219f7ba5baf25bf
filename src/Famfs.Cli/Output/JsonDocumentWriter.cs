using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Famfs.Cli.Output;

/// <summary>Writes one indented JSON document (snake_case field names) to stdout.</summary>
internal static class JsonDocumentWriter
{
    public static void Write<T>(T document, Func<CliJsonContext, JsonTypeInfo<T>> type)
    {
        using var stdout = Console.OpenStandardOutput();
        JsonSerializer.Serialize(stdout, document, type(CliJsonContext.Output));
        stdout.Write("\n"u8);
    }
}

/// <summary>The CLI's JSON documents, serialized by generated code (no reflection, so AOT-safe).</summary>
[JsonSerializable(typeof(FsckDocument))]
[JsonSerializable(typeof(LogplayDocument))]
[JsonSerializable(typeof(FileEntryDocument))]
[JsonSerializable(typeof(HostsDocument))]
internal sealed partial class CliJsonContext : JsonSerializerContext
{
    public static readonly CliJsonContext Output = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Paths are data, not HTML: keep them readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
