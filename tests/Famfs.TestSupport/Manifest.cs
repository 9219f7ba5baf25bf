using System.Globalization;
using System.Text.Json;

namespace Famfs.TestSupport;

/// <summary>A conformance image's manifest: every superblock, header and entry field as the reference wrote it.</summary>
internal sealed class Manifest(JsonElement root)
{
    public JsonElement Root { get; } = root;

    public string Name => Root.GetProperty("name").GetString()!;

    public ulong DeviceSize => Root.U64("device_size");

    public ulong MetaBinLength => Root.U64("meta_bin_len");

    public JsonElement Superblock => Root.GetProperty("superblock");

    public JsonElement Log => Root.GetProperty("log");

    public IReadOnlyList<JsonElement> Entries => [.. Root.GetProperty("entries").EnumerateArray()];

    public IReadOnlyList<JsonElement> DataPatterns => [.. Root.GetProperty("data_patterns").EnumerateArray()];
}

/// <summary>Typed access to manifest fields, failing with the field's name when it is missing.</summary>
internal static class JsonFields
{
    public static ulong U64(this JsonElement e, string name) => Get(e, name).GetUInt64();

    public static uint U32(this JsonElement e, string name) => Get(e, name).GetUInt32();

    public static string Str(this JsonElement e, string name) => Get(e, name).GetString()!;

    public static Guid Uuid(this JsonElement e, string name) => Guid.Parse(Str(e, name), CultureInfo.InvariantCulture);

    public static byte[] HexBytes(this JsonElement e, string name) => Convert.FromHexString(Str(e, name));

    public static bool Has(this JsonElement e, string name) => e.TryGetProperty(name, out _);

    public static JsonElement Get(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) ? value : throw new KeyNotFoundException($"manifest field '{name}' is missing in {e}");
}
