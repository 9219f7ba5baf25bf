namespace Famfs.Lifecycle;

/// <summary>How long a revocation waits for readers inside a read section before it proceeds anyway.</summary>
public sealed record RevocationOptions(TimeSpan ReaderDrainTimeout)
{
    /// <summary>
    /// Five seconds: read sections are meant to last microseconds, so a reader still inside after
    /// that is stuck, and the memory must not stay reachable because of it.
    /// </summary>
    public static RevocationOptions Default { get; } = new(TimeSpan.FromSeconds(5));
}
