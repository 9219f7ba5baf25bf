using Famfs.Errors;

namespace Famfs.Lifecycle;

/// <summary>
/// A mapping (or a whole file's address space) was revoked; its memory can no longer be reached
/// through it. <see cref="FamfsException.Errno"/> is EIO for a memory failure, ENXIO otherwise.
/// </summary>
public sealed class MappingRevokedException(string owner, RevocationReason reason)
    : FamfsException(reason.Errno, $"mapping of {owner} was revoked: {reason.Description}", RemedyFor(reason.Cause))
{
    /// <summary>The file path or raw view name the mapping belonged to.</summary>
    public string Owner { get; } = owner;

    public RevocationReason Reason { get; } = reason;

    private static string RemedyFor(RevocationCause cause) => cause switch
    {
        RevocationCause.MemoryFailure => "the memory under this file failed; restore the file from a copy",
        RevocationCause.RangeClaimed => "the device range is in exclusive use; map it again after the claim is released",
        _ => "open the file again if it still exists",
    };
}
