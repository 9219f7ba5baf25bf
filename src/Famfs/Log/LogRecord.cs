using Famfs.Format;

namespace Famfs.Log;

/// <summary>
/// One slot of the log as read: its index, the decoded entry, and why it cannot be trusted
/// (<see cref="Corruption"/>, which stops a log play) or cannot be played (the entry's Defect).
/// </summary>
internal sealed record LogRecord(ulong Index, LogEntry Entry, string? Corruption)
{
    /// <summary>A bad CRC or a seqnum that is not the index: the reference stops playing here.</summary>
    public bool StopsPlay => Corruption is not null;

    /// <summary>Decodes and checks the 544 bytes of entry slot <paramref name="index"/>.</summary>
    public static LogRecord Parse(ReadOnlySpan<byte> bytes, ulong index)
    {
        var entry = LogEntryCodec.Decode(bytes);
        string? corruption = null;
        var stored = LogEntryCodec.StoredCrc(bytes);
        var computed = LogEntryCodec.ComputeCrc(bytes);
        if (stored != computed)
        {
            corruption = $"CRC is 0x{stored:x8}, the bytes give 0x{computed:x8}";
        }
        else if (entry.Seqnum != index)
        {
            corruption = $"seqnum {entry.Seqnum} is not the entry's index";
        }

        return new LogRecord(index, entry, corruption);
    }
}
