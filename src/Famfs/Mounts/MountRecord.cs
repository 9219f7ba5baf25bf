using System.Text.Json;
using System.Text.Json.Serialization;

namespace Famfs.Mounts;

/// <summary>
/// What a running famfs daemon tells the rest of the host about its mount, in its claim file:
/// which device, where, as which host, and where its control socket listens.
/// </summary>
public sealed record MountRecord(
    string DevicePath,
    string MountPoint,
    int DaemonPid,
    Guid SystemUuid,
    Guid FsUuid,
    string Role,
    string ControlSocket)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static MountRecord? FromJson(string text)
    {
        try
        {
            return string.IsNullOrWhiteSpace(text) ? null : JsonSerializer.Deserialize<MountRecord>(text, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
