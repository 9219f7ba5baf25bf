using Famfs.Identity;

namespace Famfs.Shared;

/// <summary>Whether a host of the registry keeps its heartbeat.</summary>
public enum HostState
{
    /// <summary>Its heartbeat is at most 3 × its promised interval + 2 s old.</summary>
    Live,

    /// <summary>Its heartbeat is older: the host stopped, crashed or lost the device.</summary>
    Stale,

    /// <summary>The master the superblock names has no slot: it never opened the file system read-write since the area exists.</summary>
    NeverSeen,
}

/// <summary>
/// One host of a file system's shared registry (docs/SHARED-STATE.md, "Host registry").
/// </summary>
/// <param name="Slot">Its slot in <c>.famfs/hosts</c> (0–255); -1 for a master never seen.</param>
/// <param name="SystemUuid">The host's system uuid.</param>
/// <param name="Role">The role it registered with.</param>
/// <param name="Incarnation">1 at first registration, + 1 each time it registers again after its slot went stale.</param>
/// <param name="State">Live, stale or never seen.</param>
/// <param name="HeartbeatAge">How long ago it last wrote its heartbeat (by this host's clock); null when never seen.</param>
/// <param name="PlayedPosition">The next log index it will play.</param>
public sealed record FamfsHost(int Slot, Guid SystemUuid, Role Role, ulong Incarnation, HostState State, TimeSpan? HeartbeatAge, ulong PlayedPosition);
