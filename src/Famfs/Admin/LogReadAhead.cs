using Famfs.Errors;
using Famfs.Format;
using Famfs.Log;

namespace Famfs.Admin;

/// <summary>
/// A log's entry slots [0, end) for fsck's scan (<see cref="FsckScan"/>), 64 KiB at a time,
/// read ahead of it on a thread of its own: with a second processor, the scan judges one
/// chunk's structure while the next is read, and the CRCs are shared out — the scan checks
/// each chunk it takes unless the thread, waiting for a free buffer, has taken that chunk's
/// check first (the newest chunks first, the scan the oldest: each side works at its own
/// pace). A short log, or a machine with one processor, is read and checked in line.
/// <para>
/// The thread fills a ring of <see cref="RingLength"/> buffers and never gets further ahead;
/// on device-dax, which has no read, it reads nothing and only shares the checks. Each side
/// waits for the other by spinning, not sleeping: a chunk takes tens of microseconds, and
/// waking a sleeping thread took as long, 130 times over a full log.
/// </para>
/// </summary>
internal sealed class LogReadAhead : IDisposable
{
    /// <summary>Below this many entries (about 1 MiB of log) a thread's start costs more than it saves.</summary>
    private const ulong ThreadFrom = 2048;

    /// <summary>Chunks read ahead at most: 384 KiB, which stays in the reading processor's cache.</summary>
    private const int RingLength = 6;

    private readonly FamfsMetadata _metadata;
    private readonly ulong _end;
    private readonly ulong _chunks;
    private readonly byte[][] _buffers = new byte[RingLength][];
    private readonly int[] _checkTaken = new int[RingLength]; // per buffer: 1 once its chunk's CRC check is someone's
    private readonly Thread? _thread;
    private ulong _published; // chunks read by the thread
    private ulong _taken; // chunks handed to the scan
    private ulong _released; // chunks the scan is done with: their buffers may be read into again
    private bool _allRead;
    private volatile bool _crcWrong;
    private volatile bool _finished;
    private volatile bool _stopping;

    private LogReadAhead(FamfsMetadata metadata, ulong end)
    {
        _metadata = metadata;
        _end = end;
        _chunks = (end + FsckScan.SlotsPerRead - 1) / FsckScan.SlotsPerRead;
        for (var i = 0; i < RingLength; i++)
        {
            _buffers[i] = metadata.SlotsReadInPlace ? [] : new byte[FsckScan.SlotsPerRead * FormatConstants.LogEntrySize];
        }

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
    public bool AllRight => _allRead && !_crcWrong;

    /// <summary>
    /// The next chunk of slots (in log order, whole entries), valid until the next call; false at
    /// the end, or at the first chunk that could not be read or holds a wrong CRC.
    /// </summary>
    public bool TryTake(out ReadOnlySpan<byte> slots)
    {
        slots = default;
        if (_thread is null)
        {
            if (_taken == _chunks)
            {
                _allRead = true;
                return false;
            }

            Read(_taken);
        }
        else
        {
            Volatile.Write(ref _released, _taken); // the chunk taken before is done with
            for (var spin = default(SpinWait); _taken == Volatile.Read(ref _published); spin.SpinOnce(sleep1Threshold: -1))
            {
                if (_finished && _taken == Volatile.Read(ref _published))
                {
                    return false; // the thread has ended: at the end, or at a chunk that failed
                }
            }
        }

        if (!CheckUnlessTaken(_taken))
        {
            return false;
        }

        slots = Slots(_taken++);
        return true;
    }

    public void Dispose()
    {
        _stopping = true;
        _thread?.Join(); // never left reading a log its caller is about to play, or unmap
    }

    private void ReadAhead()
    {
        try
        {
            for (var chunk = 0UL; chunk < _chunks; chunk++)
            {
                for (var spin = default(SpinWait); chunk >= Volatile.Read(ref _released) + RingLength && !_stopping;)
                {
                    if (!CheckNewestWaiting(chunk))
                    {
                        spin.SpinOnce(sleep1Threshold: -1);
                    }
                }

                if (_stopping || _crcWrong)
                {
                    return;
                }

                Read(chunk);
                Volatile.Write(ref _published, chunk + 1);
            }

            _allRead = true;
        }
        catch (FamfsException)
        {
            // The log could not be read so: AllRight stays false.
        }
        finally
        {
            _finished = true;
        }
    }

    /// <summary>Takes and makes the check of the newest chunk read but not yet checked, if any; false when there was none.</summary>
    private bool CheckNewestWaiting(ulong next)
    {
        for (var chunk = next; chunk-- > Volatile.Read(ref _released);)
        {
            if (Volatile.Read(ref _checkTaken[chunk % RingLength]) == 0 && CheckUnlessTaken(chunk))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Checks the CRCs of chunk <paramref name="chunk"/>, unless the other side took its check; false when one is wrong.</summary>
    private bool CheckUnlessTaken(ulong chunk)
    {
        if (Interlocked.Exchange(ref _checkTaken[chunk % RingLength], 1) != 0)
        {
            return !_crcWrong;
        }

        var slots = Slots(chunk);
        for (var offset = 0; offset < slots.Length; offset += FormatConstants.LogEntrySize)
        {
            if (!LogEntryCodec.CrcIsRight(slots.Slice(offset, FormatConstants.LogEntrySize)))
            {
                _crcWrong = true;
                return false;
            }
        }

        return true;
    }

    /// <summary>Reads chunk <paramref name="chunk"/> into its buffer (device-dax: nothing to read), its check no one's yet.</summary>
    private void Read(ulong chunk)
    {
        var (first, count) = Range(chunk);
        _metadata.ReadSlots(first, count, _buffers[chunk % RingLength]);
        _checkTaken[chunk % RingLength] = 0;
    }

    private ReadOnlySpan<byte> Slots(ulong chunk)
    {
        var (first, count) = Range(chunk);
        return _metadata.SlotsReadInPlace
            ? _metadata.ReadSlots(first, count, default)
            : _buffers[chunk % RingLength].AsSpan(0, count * FormatConstants.LogEntrySize);
    }

    private (ulong First, int Count) Range(ulong chunk)
    {
        var first = chunk * FsckScan.SlotsPerRead;
        return (first, (int)Math.Min(FsckScan.SlotsPerRead, _end - first));
    }
}
