using Famfs.Log;

namespace Famfs.Namespace;

/// <summary>What playing one log record did: <see cref="Problem"/> is null when it was played (or needed nothing).</summary>
public sealed record PlayOutcome(LogRecord Record, string? Problem)
{
    /// <summary>"ok" or "bad: reason", as logplay and fsck print it.</summary>
    public string Status => Problem is null ? "ok" : $"bad: {Problem}";

    /// <summary>
    /// Whether the problem makes the log damaged (an fsck error): every problem except an entry
    /// type this version does not know, which later famfs versions may legitimately log.
    /// </summary>
    public bool IsDamage => Problem is not null && (Record.StopsPlay || Record.Entry is not Format.OpaqueEntry);

    /// <summary>"log entry N (TYPE 'path'): problem", as errors name a damaged entry.</summary>
    public string Describe() => $"log entry {Record.Index} ({Format.LogEntryNames.Describe(Record.Entry)}): {Problem}";
}
