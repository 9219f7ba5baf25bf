using Famfs.Shared;

namespace Famfs.Cli.Output;

/// <summary>`famfs hosts --json`: whether the file system has a shared host area, and its hosts.</summary>
internal sealed record HostsDocument(string Device, bool SharedArea, IReadOnlyList<HostDocument> Hosts)
{
    public static HostsDocument From(string device, bool sharedArea, IReadOnlyList<FamfsHost> hosts) =>
        new(device, sharedArea, [.. hosts.Select(HostDocument.From)]);
}

/// <summary>One host: slot (-1 for a master never seen), role and state in the words the table uses, heartbeat age in milliseconds (null: never seen).</summary>
internal sealed record HostDocument(int Slot, string Role, Guid SystemUuid, ulong Incarnation, string State, long? HeartbeatAgeMs, ulong Played)
{
    public static HostDocument From(FamfsHost host) => new(host.Slot, HostWords.Role(host), host.SystemUuid, host.Incarnation, HostWords.State(host),
        host.HeartbeatAge is { } age ? (long)age.TotalMilliseconds : null, host.PlayedPosition);
}

/// <summary>The words `famfs hosts` prints for a host, in its table and its JSON alike.</summary>
internal static class HostWords
{
    public static string Role(FamfsHost host) => host.Role == Famfs.Identity.Role.Master ? "master" : "client";

    public static string State(FamfsHost host) => host.State switch
    {
        HostState.Live => "live",
        HostState.Stale => "stale",
        _ => "never-seen",
    };

    public static string Heartbeat(FamfsHost host) => host.HeartbeatAge is { } age
        ? age.TotalSeconds < 10 ? $"{age.TotalSeconds:0.0}s ago" : $"{(long)age.TotalSeconds}s ago"
        : "-";
}
