using Famfs.Errors;
using Famfs.Format;
using Famfs.Log;

namespace Famfs.Admin;

/// <summary>
/// A log's entry slots [0, end) for fsck's scan (<see cref="FsckScan"/>), 64 KiB at a time,
/// each chunk read and its CRCs checked by whichever side claims it first: a thread of its own,
/// reading ahead, or the scan itself whenever the chunk it needs next is not ready. With a
/// second processor the scan judges one chunk's structure while others are read and summed;
/// when the thread gets no processor (a busy machine), or there is none to spare, or the log
/// is short, the scan reads every chunk itself, as it would alone.
/// <para>
/// Chunks are read into a ring of <see cref="RingLength"/> buffers, never further ahead of the
/// scan; on device-dax, which has no read, "reading" a chunk is nothing and only its check is
/// shared. Neither side sleeps: a chunk takes tens of microseconds, and waking a sleeping
/// thread took as long.
/// </para>
/// </summary>
internal sealed class LogReadAhead : IDisposable
{
    /// <summary>Below this many entries (about 1 MiB of log) a thread's start costs more than it saves.</summary>
    private const ulong ThreadFrom = 2048;

    /// <summary>Chunks read ahead at most: 384 KiB, which stays in the reading processor's cache.</summary>
    private const int RingLength = 6;

    /// <summary>Entry slots in a chunk: 64 KiB, read with one pread.</summary>
    private const int SlotsPerChunk = 120;

    private const int ChunkBytes = SlotsPerChunk * FormatConstants.LogEntrySize;

    private readonly FamfsMetadata _metadata;
    private readonly ulong _end;
    private readonly ulong _chunks;

    /// <summary>
    /// The ring's buffers, end to end. Not zeroed: every byte handed out was read first, and
    /// the pages are first touched by the read that fills them, not by a clearing here.
    /// </summary>
    private readonly byte[] _ring;

    /// <summary>Per buffer: 1 + the chunk read into it and checked, once it is.</summary>
    private readonly ulong[] _ready = new ulong[RingLength];

    private readonly Thread? _thread;
    private ulong _nextToRead; // the next chunk either side may claim
    private ulong _taken; // chunks handed to the scan
    private ulong _released; // chunks the scan is done with: their buffers may be read into again
    private volatile bool _failed; // a chunk could not be read, or holds a wrong CRC
    private volatile bool _stopping;

    private LogReadAhead(FamfsMetadata metadata, ulong end)
    {
        _metadata = metadata;
        _end = end;
        _chunks = (end + SlotsPerChunk - 1) / SlotsPerChunk;
        _ring = metadata.SlotsReadInPlace ? [] : GC.AllocateUninitializedArray<byte>(RingLength * ChunkBytes);
        if (end >= ThreadFrom && Environment.ProcessorCount > 1)
        {
            _thread = new Thread(ReadAhead, maxStackSize: 256 * 1024) { IsBackground = true, Name = "fsck read-ahead" };
            _thread.Start();
        }
    }

    /// <summary>Starts reading entry slots [0, <paramref name="end"/>) of <paramref name="metadata"/>'s log.</summary>
    public static LogReadAhead Start(FamfsMetadata metadata, ulong end) => new(metadata, end);

    /// <summary>
    /// Whether every slot was handed out and every CRC was right: known once <see cref="TryTake"/>
    /// returned false. False too when the log could not be read (the play reads it through its
    /// mapping, and reports).
    /// </summary>
    public bool AllRight => _taken == _chunks && !_failed;

    /// <summary>
    /// The next chunk of slots (in log order, whole entries), valid until the next call; false at
    /// the end, or once a chunk could not be read or holds a wrong CRC.
    /// </summary>
    public bool TryTake(out ReadOnlySpan<byte> slots)
    {
        slots = default;
        Volatile.Write(ref _released, _taken); // the chunk taken before is done with
        for (var spin = default(SpinWait); !_failed && _taken < _chunks;)
        {
            if (Volatile.Read(ref _ready[_taken % RingLength]) == _taken + 1)
            {
                slots = Slots(_taken++);
                return true;
            }

            if (!TryReadNext())
            {
                spin.SpinOnce(sleep1Threshold: -1); // the thread is reading the one needed
            }
        }

        return false;
    }

    public void Dispose()
    {
        _stopping = true;
        _thread?.Join(); // never left reading a log its caller is about to play, or unmap
    }

    private void ReadAhead()
    {
        for (var spin = default(SpinWait); !_stopping && !_failed && Volatile.Read(ref _nextToRead) < _chunks;)
        {
            if (!TryReadNext())
            {
                spin.SpinOnce(sleep1Threshold: -1); // the ring is full
            }
        }
    }

    /// <summary>
    /// Claims the next chunk to read, if the ring has room for it, then reads it and checks its
    /// CRCs; false when there was none to claim.
    /// </summary>
    private bool TryReadNext()
    {
        var chunk = Volatile.Read(ref _nextToRead);
        if (chunk >= _chunks || chunk >= Volatile.Read(ref _released) + RingLength
            || Interlocked.CompareExchange(ref _nextToRead, chunk + 1, chunk) != chunk)
        {
            return false;
        }

        try
        {
            var (first, count) = Range(chunk);
            var slots = _metadata.ReadSlots(first, count, BufferOf(chunk));
            for (var offset = 0; offset < slots.Length; offset += FormatConstants.LogEntrySize)
            {
                if (!LogEntryCodec.CrcIsRight(slots.Slice(offset, FormatConstants.LogEntrySize)))
                {
                    _failed = true;
                    return true;
                }
            }

            Volatile.Write(ref _ready[chunk % RingLength], chunk + 1);
        }
        catch (FamfsException)
        {
            _failed = true; // AllRight is false: the play reads the log through its mapping, and reports
        }

        return true;
    }

    private ReadOnlySpan<byte> Slots(ulong chunk)
    {
        var (first, count) = Range(chunk);
        return _metadata.SlotsReadInPlace
            ? _metadata.ReadSlots(first, count, default)
            : BufferOf(chunk)[..(count * FormatConstants.LogEntrySize)];
    }

    /// <summary>Chunk <paramref name="chunk"/>'s buffer in the ring; none on device-dax, which is read in place.</summary>
    private Span<byte> BufferOf(ulong chunk) =>
        _metadata.SlotsReadInPlace ? default : _ring.AsSpan((int)(chunk % RingLength) * ChunkBytes, ChunkBytes);

    private (ulong First, int Count) Range(ulong chunk)
    {
        var first = chunk * SlotsPerChunk;
        return (first, (int)Math.Min(SlotsPerChunk, _end - first));
    }
}
