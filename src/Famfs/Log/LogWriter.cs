using System.Diagnostics;
using System.Runtime.InteropServices;
using Famfs.Diagnostics;
using Famfs.Errors;
using Famfs.Format;
using Famfs.Interop;

namespace Famfs.Log;

/// <summary>
/// Appends entries to the log the way the reference does, and crash-safely: under an exclusive
/// flock on the device, the zero-filled entry is written (and its lines flushed) before
/// next_seqnum and next_index advance, so no reader ever sees an index covering a half-written
/// entry. A process killed in between leaves a committed entry past next_index, which readers
/// play and the next append rolls forward over (it is never overwritten).
/// </summary>
internal sealed class LogWriter(FamfsMetadata metadata, bool flushCaches)
{
    /// <summary>Slots whose page tables an append fills when its own is not yet: 68 KiB, 17 pages.</summary>
    private const ulong PrefaultWindow = 128;

    // flock excludes other open file descriptions (other processes, other FamfsFileSystem
    // instances); threads sharing this one also need an in-process lock.
    private readonly Lock _threads = new();

    /// <summary>Whether this thread holds the log lock (for assertions of callers that must).</summary>
    internal bool IsHeldByCurrentThread => _threads.IsHeldByCurrentThread;

    // From the superblock, which open checked the header against: a header changed since
    // (by another host, or damage) cannot make an append write past the log.
    private readonly ulong _capacity = FormatConstants.LastIndexFor(metadata.LogLength) + 1;

    // Slots below this index had their page tables filled by Prefault (in this mapping: they stay filled).
    private ulong _prefaulted;

    /// <summary>Takes the log lock: in-process first, then flock(LOCK_EX) on the device.</summary>
    public LogLock Acquire()
    {
        _threads.Enter();
        if (Libc.Flock(metadata.Device.Descriptor, FlockOperation.LOCK_EX) != 0)
        {
            var error = NativeErrors.ForLastError($"lock the log of {metadata.Device.Path}");
            _threads.Exit();
            throw error;
        }

        return new LogLock(this);
    }

    /// <summary>The header as it is in memory now (invalidating stale cache lines first when flushing).</summary>
    public LogHeader ReadHeader()
    {
        Invalidate(FormatConstants.LogOffset, FormatConstants.LogHeaderSize);
        return metadata.ReadHeader();
    }

    /// <summary>
    /// next_index as it is in memory now: whether anybody appended, with no allocation and no
    /// system call (what every create asks before it appends).
    /// </summary>
    public ulong ReadNextIndex()
    {
        Invalidate(FormatConstants.LogOffset + LogHeaderCodec.NextIndexOffset, sizeof(ulong));
        return MemoryMarshal.Read<ulong>(metadata.Mapping.Read(FormatConstants.LogOffset + LogHeaderCodec.NextIndexOffset, sizeof(ulong)));
    }

    /// <summary>Makes the lines of [offset, offset + length) come from memory on the next read.</summary>
    public void Invalidate(ulong offset, int length)
    {
        if (flushCaches)
        {
            Flush(metadata.Mapping.Read(offset, length));
        }
    }

    /// <summary>
    /// Whether slot <paramref name="index"/> holds a committed entry beyond what next_index says
    /// (one 8-byte read for an empty slot): readers play it even before a writer repairs the header.
    /// </summary>
    public bool IsCommitted(ulong index)
    {
        if (index >= _capacity)
        {
            return false;
        }

        // The seqnum's cache line alone first: an empty slot (every create asks) costs one line, not nine.
        Invalidate(FamfsMetadata.EntryOffset(index), sizeof(ulong));
        if (MemoryMarshal.Read<ulong>(metadata.EntryBytes(index)) != index)
        {
            return false;
        }

        Invalidate(FamfsMetadata.EntryOffset(index), FormatConstants.LogEntrySize);
        return LogEntryCodec.IsCommitted(metadata.EntryBytes(index), index);
    }

    /// <summary>
    /// The index the next append gets: past every committed entry, even those next_index does not
    /// cover yet, whose counters it repairs first (a committed entry is never overwritten). Throws
    /// when the log is full or its counters disagree (more than a torn append explains). Caller
    /// holds the lock.
    /// </summary>
    public ulong NextIndex()
    {
        Invalidate(FormatConstants.LogOffset + LogHeaderCodec.NextSeqnumOffset, 2 * sizeof(ulong));
        var counters = metadata.Mapping.Read(FormatConstants.LogOffset + LogHeaderCodec.NextSeqnumOffset, 2 * sizeof(ulong));
        var nextSeqnum = MemoryMarshal.Read<ulong>(counters);
        var nextIndex = MemoryMarshal.Read<ulong>(counters[sizeof(ulong)..]);
        if (nextIndex < _capacity && IsCommitted(nextIndex))
        {
            nextIndex = nextSeqnum = metadata.CommittedEnd(nextIndex);
            WriteCounters(nextIndex);
        }

        if (nextIndex >= _capacity)
        {
            throw new FamfsException(Errno.ENOSPC,
                $"the log of {metadata.Device.Path} is full ({_capacity} entries)",
                "make a new file system with a larger --loglen");
        }

        if (nextSeqnum != nextIndex && !LogHeaderCodec.IsTornAppend(nextSeqnum, nextIndex))
        {
            throw new MetadataCorruptException(
                $"log header of {metadata.Device.Path}: next seqnum {nextSeqnum} differs from next index {nextIndex}",
                "run 'famfs fsck'");
        }

        return nextIndex;
    }

    /// <summary>
    /// Appends <paramref name="entry"/> into slot <see cref="NextIndex"/>, which must be its
    /// Seqnum (callers build the entry once, with its final seqnum). Only under the lock (asserted).
    /// </summary>
    public void Append(LogEntry entry)
    {
        Debug.Assert(IsHeldByCurrentThread, "append outside the log lock");
        var index = NextIndex();
        if (entry.Seqnum != index)
        {
            throw new ArgumentException($"entry has seqnum {entry.Seqnum}, but the next log index is {index}", nameof(entry));
        }

        if (index >= _prefaulted)
        {
            Prefault(index);
        }

        var slot = metadata.Mapping.Write(FamfsMetadata.EntryOffset(index), FormatConstants.LogEntrySize);
        LogEntryCodec.Encode(entry, slot);
        Flush(slot);
        CrashPoint.Reach("append.entry-written");

        WriteCounters(index + 1);
    }

    /// <summary>Stores next_seqnum, then next_index (readers poll it: it must be the last thing to change), and flushes them.</summary>
    private void WriteCounters(ulong next)
    {
        var counters = metadata.Mapping.Write(FormatConstants.LogOffset + LogHeaderCodec.NextSeqnumOffset, 16);
        MemoryMarshal.Write(counters, next);
        CrashPoint.Reach("append.seqnum-written");
        Interlocked.MemoryBarrier();
        MemoryMarshal.Write(counters[8..], next);
        Flush(counters);
    }

    /// <summary>
    /// Fills the page tables for the next <see cref="PrefaultWindow"/> slots from
    /// <paramref name="first"/> in one system call, instead of a write fault every 7.5 entries
    /// (~1.5 µs each in a VM, a fifth of what a batch of creates costs; a system call per
    /// window is noise). Best effort: the appends fault in whatever this leaves out (kernels
    /// before 5.14 lack it).
    /// </summary>
    private void Prefault(ulong first)
    {
        var slots = Math.Min(PrefaultWindow, _capacity - first);
        metadata.Mapping.PopulateForWrite(FamfsMetadata.EntryOffset(first), (int)(slots * FormatConstants.LogEntrySize));
        _prefaulted = first + slots;
    }

    private void Release()
    {
        Libc.Flock(metadata.Device.Descriptor, FlockOperation.LOCK_UN);
        _threads.Exit();
    }

    private void Flush(ReadOnlySpan<byte> bytes)
    {
        if (flushCaches)
        {
            CpuCache.FlushRange(bytes);
        }
    }

    /// <summary>Held log lock; dispose to release it.</summary>
    public readonly struct LogLock(LogWriter writer) : IDisposable
    {
        public void Dispose()
        {
            writer.Release();
        }
    }
}
