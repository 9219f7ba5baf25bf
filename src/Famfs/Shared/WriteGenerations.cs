using Famfs.Errors;
using Famfs.Format;

namespace Famfs.Shared;

/// <summary>
/// What a reader last saw of every slot's write sequence; <see cref="WriteGenerations.WriteSequencesMoved"/>
/// keeps it. The default value has seen nothing, so the first call reports a move.
/// </summary>
internal struct WriteSequenceState
{
    internal ulong[]? Sequences;
}

/// <summary>
/// Per-file write generations, <c>.famfs/generations</c>: record i is the 64-bit generation of
/// the file created by log entry i, bumped by whoever changes the file's bytes after they are in
/// memory, then the bumping host's write sequence (docs/SHARED-STATE.md, "Write generations").
/// A reader checks the 256 write sequences first and reads generations only when one moved.
/// </summary>
internal sealed class WriteGenerations(SharedAreaFile file, HostRegistry hosts)
{
    public SharedAreaFile File => file;

    /// <summary>How many files (log entries) have a record.</summary>
    public ulong Count => (file.Length - SharedAreaLayout.HeaderSize) / SharedAreaLayout.GenerationRecordSize;

    /// <summary>The generation of the file created by log entry <paramref name="logIndex"/>, fresh from memory; 0: never written.</summary>
    public ulong Read(ulong logIndex) => file.ReadWord(Offset(logIndex));

    /// <summary>
    /// Records that this host changed the file of log entry <paramref name="logIndex"/> (its bytes
    /// must be in memory already): ((old >> 8) + 1) << 8 | slot, then this host's write sequence
    /// + 1. Returns the new generation. Atomic among this host's processes.
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
        Interlocked.Increment(ref hosts.File.Word(sequence));
        hosts.File.WriteBack(sequence, sizeof(ulong));
        return bumped;
    }

    /// <summary>
    /// Whether any slot's write sequence differs from what <paramref name="state"/> last saw (the
    /// first call: always); updates it. Reads the 256 slot lines only, so an idle poll is cheap.
    /// </summary>
    public bool WriteSequencesMoved(ref WriteSequenceState state)
    {
        var moved = state.Sequences is null;
        var seen = state.Sequences ??= new ulong[SharedAreaLayout.HostSlotCount];
        for (var slot = 0; slot < SharedAreaLayout.HostSlotCount; slot++)
        {
            var now = hosts.File.ReadWord(SharedAreaLayout.HostSlotOffset(slot) + SharedAreaLayout.WriteSequenceOffset);
            if (now != seen[slot])
            {
                seen[slot] = now;
                moved = true;
            }
        }

        return moved;
    }

    private ulong Offset(ulong logIndex) => logIndex < Count
        ? SharedAreaLayout.GenerationOffset(logIndex)
        : throw new FamfsException(Errno.EINVAL, $"log entry {logIndex} has no write generation: .famfs/generations holds {Count}");
}
