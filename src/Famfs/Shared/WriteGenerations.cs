using System.Runtime.InteropServices;
using Famfs.Errors;
using Famfs.Format;

namespace Famfs.Shared;

/// <summary>
/// What a reader last saw of every slot's write sequence; <see cref="WriteGenerations.Changes"/>
/// keeps it. The default value has seen nothing, so the first call reports <see cref="WriteChanges.Unknown"/>.
/// </summary>
internal struct WriteSequenceState
{
    internal ulong[]? Sequences;
}

/// <summary>
/// What a poll learned of the bumps since the last: none (<see cref="Any"/> false), exactly the
/// files bumped (log indexes, from the change rings), or <see cref="Unknown"/>: some bump went
/// unrecorded, so every watched generation must be read again.
/// </summary>
internal readonly record struct WriteChanges(IReadOnlySet<ulong> Files, bool Unknown)
{
    public bool Any => Unknown || Files.Count > 0;
}

/// <summary>
/// Per-file write generations, <c>.famfs/generations</c>: record i is the 64-bit generation of
/// the file created by log entry i, bumped by whoever changes the file's bytes after they are in
/// memory, then the bumping host's write sequence (docs/SHARED-STATE.md, "Write generations").
/// A reader checks the 256 write sequences first and, for a slot whose sequence moved, reads the
/// files it bumped from its change ring.
/// </summary>
internal sealed class WriteGenerations(SharedAreaFile file, HostRegistry hosts)
{
    /// <summary>Records spread over at most this many lines per file are read in one pass by <see cref="ReadMany"/>.</summary>
    private const int DenseSpread = 8;

    /// <summary>The most <see cref="ReadMany"/> drops in one pass (a 64 MiB log's generations).</summary>
    private const ulong MaxOnePass = 64UL << 20;

    private static readonly IReadOnlySet<ulong> NoFiles = new HashSet<ulong>();
    private readonly ChangeRings _rings = new(hosts.File);

    public SharedAreaFile File => file;

    /// <summary>How many files (log entries) have a record.</summary>
    public ulong Count => (file.Length - SharedAreaLayout.HeaderSize) / SharedAreaLayout.GenerationRecordSize;

    /// <summary>The generation of the file created by log entry <paramref name="logIndex"/>, fresh from memory; 0: never written.</summary>
    public ulong Read(ulong logIndex) => file.ReadWord(Offset(logIndex));

    /// <summary>
    /// The generations of the files of <paramref name="logIndexes"/> into <paramref name="generations"/>,
    /// fresh from memory. For a full re-read: when the records lie close together their lines are
    /// dropped in one pass and then loaded (dropping each line before its own read pays two fences
    /// per file: 15,000 files took ~6 ms with CacheMode.Flush); scattered, each is read alone.
    /// </summary>
    public void ReadMany(ReadOnlySpan<ulong> logIndexes, Span<ulong> generations)
    {
        if (logIndexes.IsEmpty)
        {
            return;
        }

        var (first, last) = (logIndexes[0], logIndexes[0]);
        foreach (var logIndex in logIndexes)
        {
            (first, last) = (Math.Min(first, logIndex), Math.Max(last, logIndex));
        }

        var span = last - first + 1;
        if (span > (ulong)logIndexes.Length * DenseSpread || span * SharedAreaLayout.GenerationRecordSize > MaxOnePass)
        {
            for (var i = 0; i < logIndexes.Length; i++)
            {
                generations[i] = Read(logIndexes[i]);
            }

            return;
        }

        _ = Offset(last); // refuses an index past the records, as Read does
        var records = MemoryMarshal.Cast<byte, ulong>(file.ReadFresh(Offset(first), (int)(span * SharedAreaLayout.GenerationRecordSize)));
        for (var i = 0; i < logIndexes.Length; i++)
        {
            generations[i] = Volatile.Read(in records[(int)(logIndexes[i] - first) * (SharedAreaLayout.GenerationRecordSize / sizeof(ulong))]);
        }
    }

    /// <summary>
    /// Records that this host changed the file of log entry <paramref name="logIndex"/> (its bytes
    /// must be in memory already): ((old >> 8) + 1) << 8 | slot, then this host's write sequence
    /// + 1, then the change-ring entry at that sequence. Returns the new generation. Atomic among
    /// this host's processes: each takes its own sequence.
    /// </summary>
    public ulong Bump(ulong logIndex)
    {
        var offset = Offset(logIndex);
        var sequence = hosts.OwnField(SharedAreaLayout.WriteSequenceOffset);
        ref var word = ref file.FreshWord(offset);
        ulong old, bumped;
        do
        {
            old = Volatile.Read(ref word);
            bumped = SharedAreaLayout.NextGeneration(old, hosts.Slot);
        }
        while (Interlocked.CompareExchange(ref word, bumped, old) != old);

        file.WriteBack(offset, sizeof(ulong));
        var taken = Interlocked.Increment(ref hosts.File.Word(sequence));
        hosts.File.WriteBack(sequence, sizeof(ulong));

        // After the sequence, not before: only the increment makes the sequence this process's
        // alone. A reader that looks in between finds the entry's old tag and re-reads everything.
        _rings.Record(hosts.Slot, taken, logIndex);
        return bumped;
    }

    /// <summary>
    /// The bumps since <paramref name="state"/> was last updated (the first call: unknown); updates
    /// it. Reads the 256 slots' write sequences, and only for a slot whose sequence moved its ring's
    /// new entries, so an idle poll and a poll after a few writes read a few lines, not one per file.
    /// </summary>
    public WriteChanges Changes(ref WriteSequenceState state)
    {
        var unknown = state.Sequences is null;
        var seen = state.Sequences ??= new ulong[SharedAreaLayout.HostSlotCount];
        HashSet<ulong>? changed = null;
        Span<ulong> sequences = stackalloc ulong[SharedAreaLayout.HostSlotCount];
        ReadWriteSequences(sequences);
        for (var slot = 0; slot < SharedAreaLayout.HostSlotCount; slot++)
        {
            var now = sequences[slot];
            if (now == seen[slot])
            {
                continue;
            }

            unknown = unknown || !_rings.TryRead(slot, seen[slot], now, changed ??= []);
            seen[slot] = now;
        }

        return new WriteChanges(changed ?? NoFiles, unknown);
    }

    /// <summary>
    /// Every slot's write sequence, fresh: the slot array's lines are dropped in one pass and then
    /// read, one 64-bit load per slot (dropping each line before its own read pays two fences per slot).
    /// </summary>
    private void ReadWriteSequences(Span<ulong> sequences)
    {
        var slots = MemoryMarshal.Cast<byte, ulong>(
            hosts.File.ReadFresh(SharedAreaLayout.HostSlotOffset(0), SharedAreaLayout.HostSlotCount * SharedAreaLayout.HostSlotSize));
        for (var slot = 0; slot < sequences.Length; slot++)
        {
            sequences[slot] = Volatile.Read(in slots[((slot * SharedAreaLayout.HostSlotSize) + SharedAreaLayout.WriteSequenceOffset) / sizeof(ulong)]);
        }
    }

    private ulong Offset(ulong logIndex) => logIndex < Count
        ? SharedAreaLayout.GenerationOffset(logIndex)
        : throw new FamfsException(Errno.EINVAL, $"log entry {logIndex} has no write generation: .famfs/generations holds {Count}");
}
