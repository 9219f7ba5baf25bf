namespace Famfs.Cli.Output;

/// <summary>`logplay -n --json`: every entry as played, then the log header's counters.</summary>
internal sealed record LogplayDocument(IReadOnlyList<EntryDocument> Entries, ulong NextSeqnum, ulong NextIndex, ulong LastIndex);
