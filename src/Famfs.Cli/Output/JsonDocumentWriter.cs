using System.Text.Encodings.Web;
using System.Text.Json;

namespace Famfs.Cli.Output;

/// <summary>Writes one indented JSON document to stdout.</summary>
internal static class JsonDocumentWriter
{
    public static void Write(Action<Utf8JsonWriter> body)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var json = new Utf8JsonWriter(stdout, new JsonWriterOptions
        {
            Indented = true,
            // Paths are data, not HTML: keep them readable.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            body(json);
        }

        stdout.Write("\n"u8);
    }
}
