using Famfs.Log;

namespace Famfs.Namespace;

/// <summary>
/// What playing one log record did: <see cref="Problem"/> is null when it was played (or needed
/// nothing). A <see cref="Skipped"/> record is sound but deliberately not played (its
/// <see cref="Problem"/> says why): a warning, never damage.
/// </summary>
internal sealed record PlayOutcome(LogRecord Record, string? Problem, bool Skipped = false)
{
    /// <summary>"ok", "skipped: reason" or "bad: reason", as logplay and fsck print it.</summary>
    public string Status => Problem is null ? "ok" : Skipped ? $"skipped: {Problem}" : $"bad: {Problem}";

    /// <summary>
    /// Whether the problem makes the log damaged (an fsck error): every problem except a skipped
    /// record and an entry type this version does not know, which later famfs versions may
    /// legitimately log.
    /// </summary>
    public bool IsDamage => Problem is not null && !Skipped && (Record.StopsPlay || Record.Entry is not Format.OpaqueEntry);

    /// <summary>"log entry N (TYPE 'path'): problem", as errors name a damaged entry.</summary>
    public string Describe() => $"log entry {Record.Index} ({Format.LogEntryNames.Describe(Record.Entry)}): {Problem}";
}
