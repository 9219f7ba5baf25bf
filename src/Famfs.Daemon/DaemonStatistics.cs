namespace Famfs.Daemon;

/// <summary>
/// What the daemon has done since it mounted, counted as it serves (Interlocked: the counters
/// are bumped from libfuse's worker threads). The administration interface's /icache_stats
/// reports them with the tree and open-file sizes.
/// </summary>
internal sealed class DaemonStatistics
{
    private long _lookups;
    private long _lookupMisses;
    private long _lookupsFoundByLogPlay;
    private long _opens;
    private long _readerReuses;
    private long _reads;
    private long _readBytes;
    private long _gatheredReads;
    private long _writes;
    private long _writtenBytes;
    private long _getAttrs;
    private long _listings;
    private long _plusListings;
    private long _listedEntries;
    private long _xattrRequests;
    private long _logPlays;
    private long _entriesPlayed;

    public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;

    public long Lookups => Volatile.Read(ref _lookups);

    /// <summary>Lookups of a name the tree did not have, each of which played the log once.</summary>
    public long LookupMisses => Volatile.Read(ref _lookupMisses);

    /// <summary>Misses the log play turned into hits (a file logged since the last poll).</summary>
    public long LookupsFoundByLogPlay => Volatile.Read(ref _lookupsFoundByLogPlay);

    public long Opens => Volatile.Read(ref _opens);

    /// <summary>Read-only opens that found their file still mapped (see <see cref="OpenFileTable"/>): no new mapping.</summary>
    public long ReaderReuses => Volatile.Read(ref _readerReuses);

    public long Reads => Volatile.Read(ref _reads);

    public long ReadBytes => Volatile.Read(ref _readBytes);

    /// <summary>Reads that crossed an extent boundary and were copied (all others go zero-copy from device memory).</summary>
    public long GatheredReads => Volatile.Read(ref _gatheredReads);

    public long Writes => Volatile.Read(ref _writes);

    public long WrittenBytes => Volatile.Read(ref _writtenBytes);

    public long GetAttrs => Volatile.Read(ref _getAttrs);

    /// <summary>READDIR and READDIRPLUS requests (a directory read takes at least two: its entries, then an empty one).</summary>
    public long Listings => Volatile.Read(ref _listings);

    /// <summary>The READDIRPLUS requests among <see cref="Listings"/>: entries with attributes, so the kernel needs no LOOKUP per name.</summary>
    public long PlusListings => Volatile.Read(ref _plusListings);

    public long ListedEntries => Volatile.Read(ref _listedEntries);

    /// <summary>GETXATTR and LISTXATTR requests.</summary>
    public long XattrRequests => Volatile.Read(ref _xattrRequests);

    public long LogPlays => Volatile.Read(ref _logPlays);

    public long EntriesPlayed => Volatile.Read(ref _entriesPlayed);

    public void Lookup(bool missed, bool foundByLogPlay)
    {
        Interlocked.Increment(ref _lookups);
        if (missed)
        {
            Interlocked.Increment(ref _lookupMisses);
        }

        if (foundByLogPlay)
        {
            Interlocked.Increment(ref _lookupsFoundByLogPlay);
        }
    }

    public void GotAttributes() => Interlocked.Increment(ref _getAttrs);

    public void Listed(bool plus, int entries)
    {
        Interlocked.Increment(ref _listings);
        Interlocked.Add(ref _listedEntries, entries);
        if (plus)
        {
            Interlocked.Increment(ref _plusListings);
        }
    }

    public void AskedForXattrs() => Interlocked.Increment(ref _xattrRequests);

    public void Opened(bool reusedReader)
    {
        Interlocked.Increment(ref _opens);
        if (reusedReader)
        {
            Interlocked.Increment(ref _readerReuses);
        }
    }

    public void Read(int bytes, bool gathered)
    {
        Interlocked.Increment(ref _reads);
        Interlocked.Add(ref _readBytes, bytes);
        if (gathered)
        {
            Interlocked.Increment(ref _gatheredReads);
        }
    }

    public void Wrote(int bytes)
    {
        Interlocked.Increment(ref _writes);
        Interlocked.Add(ref _writtenBytes, bytes);
    }

    public void Played(int entries)
    {
        Interlocked.Increment(ref _logPlays);
        Interlocked.Add(ref _entriesPlayed, entries);
    }
}
