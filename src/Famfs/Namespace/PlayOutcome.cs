using Famfs.Log;

namespace Famfs.Namespace;

/// <summary>What playing one log record did: <see cref="Problem"/> is null when it was played (or needed nothing).</summary>
public sealed record PlayOutcome(LogRecord Record, string? Problem)
{
    /// <summary>"ok" or "bad: reason", as logplay and fsck print it.</summary>
    public string Status => Problem is null ? "ok" : $"bad: {Problem}";
}
