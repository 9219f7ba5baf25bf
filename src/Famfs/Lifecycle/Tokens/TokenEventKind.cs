namespace Famfs.Lifecycle;

/// <summary>What happened to the set behind a token.</summary>
public enum TokenEventKind
{
    /// <summary>The set now exists (e.g. the file was created or appeared in the log).</summary>
    Created,

    /// <summary>Its mappings were revoked (whole file, or part of it by a claim).</summary>
    Revoked,

    /// <summary>A memory failure was reported under it.</summary>
    Poisoned,

    /// <summary>The set is gone. Subscriptions stay registered and will see a later Created.</summary>
    Destroyed,
}
