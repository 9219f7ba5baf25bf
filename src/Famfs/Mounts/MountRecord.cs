using System.Text.Json;
using System.Text.Json.Serialization;

namespace Famfs.Mounts;

/// <summary>
/// What a running famfs daemon tells the rest of the host about its mount, in its claim file:
/// which device, where, as which host, and where its control socket listens.
/// </summary>
internal sealed record MountRecord(
    string DevicePath,
    string MountPoint,
    int DaemonPid,
    Guid SystemUuid,
    Guid FsUuid,
    string Role,
    string ControlSocket)
{
    public string ToJson() => JsonSerializer.Serialize(this, MountRecordJson.Default.MountRecord);

    public static MountRecord? FromJson(string text)
    {
        try
        {
            return string.IsNullOrWhiteSpace(text) ? null : JsonSerializer.Deserialize(text, MountRecordJson.Default.MountRecord);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The claim file's JSON, generated at compile time so that native AOT builds need no reflection.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(MountRecord))]
internal sealed partial class MountRecordJson : JsonSerializerContext;
