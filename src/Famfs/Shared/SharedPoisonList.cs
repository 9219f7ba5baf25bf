using Famfs.Errors;
using Famfs.Format;
using Famfs.Lifecycle;

namespace Famfs.Shared;

/// <summary>
/// The shared poison list, <c>.famfs/poison</c>: one segment of 128 records per host slot,
/// written only by that slot's host, a record written back before the slot's poison count
/// covers it (docs/SHARED-STATE.md, "Shared poison list"). The poisoned set is every failure
/// minus the ranges the master cleared at or after the failure's time.
/// </summary>
internal sealed class SharedPoisonList(SharedAreaFile file, HostRegistry hosts, Guid masterUuid)
{
    private readonly Lock _lock = new();
    private ulong[]? _countsSeen;
    private SharedPoisonState _current = new([], []);

    public SharedAreaFile File => file;

    /// <summary>Records a memory failure this host found; <paramref name="hostLockPath"/> is the host-local lock that orders this host's appends.</summary>
    /// <exception cref="FamfsException">ENOSPC: this host's segment is full; EROFS: no slot (read-only open).</exception>
    public void Record(DeviceRange range, string hostLockPath) => Append(range, SharedPoisonKind.Failure, hostLockPath);

    /// <summary>Records that the master lifted <paramref name="range"/> (the caller checks it is the master).</summary>
    public void Clear(DeviceRange range, string hostLockPath) => Append(range, SharedPoisonKind.Cleared, hostLockPath);

    /// <summary>Every readable record, by slot, in the order written; damaged records are counted in <c>Damaged</c>.</summary>
    public (IReadOnlyList<(int Slot, SharedPoisonRecord Record)> Records, int Damaged) ReadAll()
    {
        var records = new List<(int, SharedPoisonRecord)>();
        var damaged = 0;
        for (var slot = 0; slot < SharedAreaLayout.HostSlotCount; slot++)
        {
            var count = Math.Min(Count(slot), (ulong)SharedAreaLayout.PoisonRecordsPerSegment);
            for (var index = 0; index < (int)count; index++)
            {
                if (SharedAreaCodec.DecodePoison(file.ReadFresh(SharedAreaLayout.PoisonRecordOffset(slot, index), SharedAreaLayout.PoisonRecordSize)) is { } record)
                {
                    records.Add((slot, record));
                }
                else
                {
                    damaged++;
                }
            }
        }

        return (records, damaged);
    }

    /// <summary>
    /// The ranges poisoned now, of every host's records, and the ranges the master cleared (in
    /// the order it cleared them). Reads the 256 poison counts and, only when one moved since the
    /// last call, the records.
    /// </summary>
    public SharedPoisonState Current()
    {
        lock (_lock)
        {
            var counts = new ulong[SharedAreaLayout.HostSlotCount];
            for (var slot = 0; slot < counts.Length; slot++)
            {
                counts[slot] = Count(slot);
            }

            if (_countsSeen is null || !counts.AsSpan().SequenceEqual(_countsSeen))
            {
                _countsSeen = counts;
                var records = ReadAll().Records;
                var master = hosts.FindSlot(masterUuid);
                _current = new SharedPoisonState(Poisoned(records, master),
                    [.. records.Where(r => r.Slot == master && r.Record.Kind == SharedPoisonKind.Cleared).Select(r => new DeviceRange(r.Record.Offset, r.Record.Length))]);
            }

            return _current;
        }
    }

    /// <summary>Failures minus the master's clears that are not older than them.</summary>
    internal static IReadOnlyList<DeviceRange> Poisoned(IReadOnlyList<(int Slot, SharedPoisonRecord Record)> records, int masterSlot)
    {
        var clears = records.Where(r => r.Slot == masterSlot && r.Record.Kind == SharedPoisonKind.Cleared).Select(r => r.Record).ToList();
        var poisoned = new List<DeviceRange>();
        foreach (var (_, failure) in records.Where(r => r.Record.Kind == SharedPoisonKind.Failure))
        {
            IEnumerable<DeviceRange> left = [new DeviceRange(failure.Offset, failure.Length)];
            foreach (var clear in clears.Where(c => c.TimeUnixMs >= failure.TimeUnixMs))
            {
                left = [.. left.SelectMany(piece => piece.Without(new DeviceRange(clear.Offset, clear.Length)))];
            }

            poisoned.AddRange(left);
        }

        return poisoned;
    }

    private ulong Count(int slot) => hosts.File.ReadWord(SharedAreaLayout.HostSlotOffset(slot) + SharedAreaLayout.PoisonCountOffset);

    /// <summary>
    /// Appends a record to this host's segment. The record index comes from the published count,
    /// so choosing it, writing the record and publishing the new count must be one step for all
    /// of this host's writers — its processes, its other opens and its threads — or two of them
    /// would fill the same index and one record would be lost. The host-local lock makes it one;
    /// a writer that dies before publishing leaves its record uncounted, and the next one reuses
    /// the index. Other hosts never write this segment, so no lock spans hosts.
    /// </summary>
    private void Append(DeviceRange range, SharedPoisonKind kind, string hostLockPath)
    {
        var countField = hosts.OwnField(SharedAreaLayout.PoisonCountOffset);
        using var appending = HostLocalLock.Take(hostLockPath);
        var count = hosts.File.ReadWord(countField);
        if (count >= SharedAreaLayout.PoisonRecordsPerSegment)
        {
            throw new FamfsException(Errno.ENOSPC,
                $"this host's segment of the shared poison list is full ({SharedAreaLayout.PoisonRecordsPerSegment} records)",
                "the range is recorded on this host only; replace the failed memory and make a new file system");
        }

        // The record reaches memory before the count that covers it: a reader never counts a half-written record.
        var offset = SharedAreaLayout.PoisonRecordOffset(hosts.Slot, (int)count);
        SharedAreaCodec.EncodePoison(new SharedPoisonRecord(range.Start, range.Bytes, HostRegistry.NowUnixMs(), kind),
            file.Write(offset, SharedAreaLayout.PoisonRecordSize));
        file.WriteBack(offset, SharedAreaLayout.PoisonRecordSize);
        hosts.File.WriteWord(countField, count + 1);
    }
}

/// <summary>The shared poison list as of one read: what is poisoned, and every range the master cleared.</summary>
internal sealed record SharedPoisonState(IReadOnlyList<DeviceRange> Poisoned, IReadOnlyList<DeviceRange> Cleared);
