using Famfs.Errors;

namespace Famfs.Lifecycle;

/// <summary>The cause of a revocation plus a sentence naming who or what caused it.</summary>
public sealed record RevocationReason(RevocationCause Cause, string Description)
{
    /// <summary>
    /// EIO when the memory itself failed (what a read of poisoned media returns everywhere in
    /// Linux), ENXIO otherwise: the address no longer leads to the device, the data is fine.
    /// </summary>
    public Errno Errno => Cause == RevocationCause.MemoryFailure ? Errno.EIO : Errno.ENXIO;

    public override string ToString() => Description;
}
