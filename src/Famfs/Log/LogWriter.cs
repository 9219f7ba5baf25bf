using System.Runtime.InteropServices;
using Famfs.Errors;
using Famfs.Format;
using Famfs.Interop;

namespace Famfs.Log;

/// <summary>
/// Appends entries to the log the way the reference does, and crash-safely: under an exclusive
/// flock on the device, the zero-filled entry is written (and its lines flushed) before
/// next_seqnum and next_index advance, so no reader ever sees an index covering a half-written
/// entry. A process killed in between leaves the slot unindexed; the next append overwrites it.
/// </summary>
internal sealed class LogWriter(FamfsMetadata metadata, bool flushCaches)
{

    // flock excludes other open file descriptions (other processes, other FamfsFileSystem
    // instances); threads sharing this one also need an in-process lock.
    private readonly Lock _threads = new();

    /// <summary>Takes the log lock: in-process first, then flock(LOCK_EX) on the device.</summary>
    public LogLock Acquire()
    {
        _threads.Enter();
        if (Libc.Flock(metadata.Device.Descriptor, Libc.LOCK_EX) != 0)
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

    /// <summary>Makes the lines of [offset, offset + length) come from memory on the next read.</summary>
    public void Invalidate(ulong offset, int length)
    {
        if (flushCaches)
        {
            Flush(metadata.Mapping.Read(offset, length));
        }
    }

    /// <summary>Appends <paramref name="entry"/> (its Seqnum is replaced) and returns its index. Caller holds the lock.</summary>
    public ulong Append(LogEntry entry)
    {
        var header = ReadHeader();
        if (header.IsFull)
        {
            throw new FamfsException(Errno.ENOSPC,
                $"the log of {metadata.Device.Path} is full ({header.Capacity} entries)",
                "make a new file system with a larger --loglen");
        }

        if (header.NextSeqnum != header.NextIndex && !LogHeaderCodec.IsTornAppend(header))
        {
            throw new MetadataCorruptException(
                $"log header of {metadata.Device.Path}: next seqnum {header.NextSeqnum} differs from next index {header.NextIndex}",
                "run 'famfs fsck'");
        }

        var index = header.NextIndex;
        var slot = metadata.Mapping.Write(FamfsMetadata.EntryOffset(index), FormatConstants.LogEntrySize);
        LogEntryCodec.Encode(entry with { Seqnum = index }, slot);
        Flush(slot);

        var counters = metadata.Mapping.Write(FormatConstants.LogOffset + LogHeaderCodec.NextSeqnumOffset, 16);
        MemoryMarshal.Write(counters, index + 1);
        Interlocked.MemoryBarrier(); // readers poll next_index: it must be the last thing to change
        MemoryMarshal.Write(counters[8..], index + 1);
        Flush(counters);
        return index;
    }

    private void Release()
    {
        Libc.Flock(metadata.Device.Descriptor, Libc.LOCK_UN);
        _threads.Exit();
    }

    private unsafe void Flush(ReadOnlySpan<byte> bytes)
    {
        if (flushCaches)
        {
            fixed (byte* p = bytes)
            {
                CpuCache.FlushRange(p, (nuint)bytes.Length);
            }
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
