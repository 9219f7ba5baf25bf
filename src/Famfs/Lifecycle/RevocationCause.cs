namespace Famfs.Lifecycle;

/// <summary>Why a mapping stopped being usable.</summary>
public enum RevocationCause
{
    /// <summary>The file's address space was revoked as a whole (e.g. the file is going away on another host).</summary>
    FileRevoked,

    /// <summary>The file's address space was destroyed while the mapping was still live.</summary>
    FileDestroyed,

    /// <summary>Somebody claimed the device range (see <see cref="DeviceRangeIndex.Claim"/>).</summary>
    RangeClaimed,

    /// <summary>The claim this mapping was made through was released.</summary>
    ClaimReleased,

    /// <summary>A memory failure (poison) was reported inside the mapped range.</summary>
    MemoryFailure,
}
