using Famfs.Format;

namespace Famfs.Log;

/// <summary>
/// One slot of the log as read: its index, the decoded entry, and why it cannot be trusted
/// (<see cref="Corruption"/>, which stops a log play) or cannot be played (the entry's Defect).
/// </summary>
public sealed record LogRecord(ulong Index, LogEntry Entry, string? Corruption)
{
    /// <summary>A bad CRC or a seqnum that is not the index: the reference stops playing here.</summary>
    public bool StopsPlay => Corruption is not null;
}
