using System.Runtime.InteropServices;
using Famfs.Format;

namespace Famfs.Shared;

/// <summary>
/// The change rings in <c>.famfs/hosts</c> (docs/SHARED-STATE.md, "Change rings"): after each
/// bump a host records, in its slot's ring at its new write sequence, which file it changed, so a
/// reader whose view of that sequence moved by d ≤ 512 reads d entries, not every generation it
/// watches. An entry tagged with another sequence (overwritten by a later bump, or not written yet
/// by a process of that host still between its increment and its entry) tells the reader nothing.
/// </summary>
internal sealed class ChangeRings(SharedAreaFile hosts)
{
    /// <summary>False when the hosts file is too short to hold them (4 KiB allocation units): readers then always re-read.</summary>
    public bool Present { get; } = SharedAreaLayout.HasChangeRings(hosts.Length);

    /// <summary>Records that the bump of <paramref name="slot"/> which took write sequence <paramref name="sequence"/> changed the file of log entry <paramref name="logIndex"/>.</summary>
    public void Record(int slot, ulong sequence, ulong logIndex)
    {
        if (Present)
        {
            hosts.WriteWord(SharedAreaLayout.ChangeEntryOffset(slot, sequence), SharedAreaCodec.EncodeChange(sequence, logIndex));
        }
    }

    /// <summary>
    /// Adds to <paramref name="changed"/> the files of <paramref name="slot"/>'s bumps with write
    /// sequences (<paramref name="from"/>, <paramref name="to"/>]; false when the ring cannot tell
    /// them all (none, too many since, or an entry tagged with another bump): re-read them all.
    /// </summary>
    public bool TryRead(int slot, ulong from, ulong to, HashSet<ulong> changed)
    {
        if (!Present || to <= from || to - from > SharedAreaLayout.ChangeRingEntries)
        {
            return false;
        }

        // At most two contiguous pieces (the ring wraps), each read fresh with one cache flush.
        for (var sequence = from + 1; sequence <= to;)
        {
            var position = (int)(sequence % SharedAreaLayout.ChangeRingEntries);
            var count = (int)Math.Min(to - sequence + 1, (ulong)(SharedAreaLayout.ChangeRingEntries - position));
            var entries = MemoryMarshal.Cast<byte, ulong>(
                hosts.ReadFresh(SharedAreaLayout.ChangeEntryOffset(slot, sequence), count * SharedAreaLayout.ChangeEntrySize));
            for (var i = 0; i < count; i++, sequence++)
            {
                // One 64-bit load per entry: the tag and the index come from the same store.
                if (SharedAreaCodec.DecodeChange(Volatile.Read(in entries[i]), sequence) is not { } logIndex)
                {
                    return false;
                }

                changed.Add(logIndex);
            }
        }

        return true;
    }
}
