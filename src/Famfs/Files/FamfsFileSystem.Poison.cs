using Famfs.Allocation;
using Famfs.Errors;
using Famfs.Format;
using Famfs.Lifecycle;
using Famfs.Namespace;
using Famfs.Shared;

namespace Famfs.Files;

// Memory failures (poison): recorded per host in the PoisonLedger, enforced through the device
// index. Which files are bad is derived from the poisoned ranges and the current namespace, so
// a file another host creates later over a bad range is bad too, with no state to keep in sync.
public sealed partial class FamfsFileSystem
{
    // The shared poison list as last applied: only what changed since is applied again.
    private SharedPoisonState? _sharedPoisonSeen;

    /// <summary>Poisoned device ranges known to this process (merged), including ones recorded by other processes of this host.</summary>
    public IReadOnlyList<DeviceRange> PoisonedRanges => DeviceIndex.PoisonedRanges;

    /// <summary>Paths of the files whose extents overlap a poisoned range.</summary>
    public IReadOnlyList<string> PoisonedFiles
    {
        get
        {
            var ranges = PoisonedRanges;
            return ranges.Count == 0 ? [] : [.. _tree.Files().Where(file => PoisonIn(file, ranges) is not null).Select(file => file.Path)];
        }
    }

    /// <summary>Where the ledger of this file system's memory failures lives on this host.</summary>
    public string PoisonLedgerPath => _ledger.Path;

    /// <summary>The lock, beside this host's ledger, that orders this host's appends to its segment of the shared poison list.</summary>
    internal string SharedPoisonLockPath => Path.Combine(Path.GetDirectoryName(_ledger.Path)!, "shared-poison.lock");

    /// <summary>Whether <paramref name="path"/> is a file over a poisoned range (opening it fails with EIO).</summary>
    public bool IsPoisoned(string path) => Find(path) is FsFile file && PoisonIn(file, PoisonedRanges) is not null;

    /// <summary>
    /// Reports a memory failure in [offset, offset + length) of the device: records it for this
    /// host (see docs/LIFECYCLE.md, "Poison") and, with a shared host area, in the shared poison
    /// list, so every host's mounts and library opens fail the affected files too; revokes every mapping over it in this process with
    /// EIO (files of every instance, raw views), and from then on opening an affected file fails
    /// with EIO. Files elsewhere on the device are untouched. Returns the affected files.
    /// </summary>
    public PoisonReport ReportMemoryFailure(long offset, long length)
    {
        if (offset < 0 || length <= 0 || offset > long.MaxValue - length)
        {
            throw new FamfsException(Errno.EINVAL, $"a memory failure needs a non-empty range (offset {offset}, length {length})", "give --length of at least 1 byte");
        }

        var range = new DeviceRange((ulong)offset, (ulong)length);
        RequireInsideDevice(range);
        RefreshLog();
        var revocation = DeviceIndex.ReportMemoryFailure(range);
        _ledger.Record(range);
        ReservePoison();
        if (Shared is { Hosts.Slot: >= 0 } shared)
        {
            shared.Poison.Record(range, SharedPoisonLockPath); // every other host picks it up at its next poll
        }

        return new PoisonReport(range, [.. _tree.Files().Where(file => PoisonIn(file, [range]) is not null).Select(file => file.Path)],
            InMetadata(range), revocation);
    }

    /// <summary>
    /// Lifts the memory failures in [offset, offset + length) (the memory was repaired or
    /// replaced): records the clear in this host's ledger and, with a shared host area, in the
    /// shared poison list, so every host opens the files over it again (mappings the failure
    /// revoked stay revoked; the space stays out of the allocator until the file system is opened
    /// again). Master only, read-write. Returns the files over the range.
    /// </summary>
    /// <exception cref="NotMasterException">this host is a client.</exception>
    public IReadOnlyList<string> ClearMemoryFailure(long offset, long length)
    {
        if (offset < 0 || length <= 0 || offset > long.MaxValue - length)
        {
            throw new FamfsException(Errno.EINVAL, $"a range to clear needs at least one byte (offset {offset}, length {length})", "give --length of at least 1 byte");
        }

        var range = new DeviceRange((ulong)offset, (ulong)length);
        RequireInsideDevice(range);
        if (Role != Identity.Role.Master)
        {
            throw new NotMasterException(
                $"this host ({SystemUuid}) is a client of file system {Superblock.FsUuid}; only master {Superblock.SystemUuid} may clear memory failures",
                "run the command on the master host");
        }

        if (Options.ReadOnly)
        {
            throw new FamfsException(Errno.EROFS, $"famfs file system on {Device.Path} was opened read-only");
        }

        _ledger.RecordClear(range);
        Shared?.Poison.Clear(range, SharedPoisonLockPath);
        DeviceIndex.LiftPoison(range);
        _metadataPoisoned = PoisonedRanges.Any(InMetadata);
        return [.. _tree.Files().Where(file => PoisonIn(file, [range]) is not null).Select(file => file.Path)];
    }

    /// <summary>
    /// Whether a memory failure hit the superblock or log: then the log can no longer be read (its
    /// view is revoked) or written. Log play stops for good (no error every poll), creates fail
    /// with EIO, and files already in the tree stay served where their own memory is sound.
    /// </summary>
    public bool MetadataPoisoned => _metadataPoisoned;

    private bool InMetadata(DeviceRange range) => range.Start < FormatConstants.MetadataLength(Superblock.LogBytes);

    /// <summary>Refuses to open a file system whose metadata a recorded memory failure hit: its log cannot be trusted.</summary>
    private static void RefuseIfMetadataPoisoned(PoisonLedger ledger, Superblock superblock, string devicePath)
    {
        var metadata = FormatConstants.MetadataLength(superblock.LogBytes);
        if (ledger.ReadAll().Ranges.FirstOrDefault(range => range.Start < metadata) is { Length: > 0 } hit)
        {
            throw new FamfsException(Errno.EIO,
                $"famfs file system {superblock.FsUuid} on {devicePath} has a memory failure in its metadata ({hit}, recorded in {ledger.Path}): its log cannot be read",
                "restore the file system from a copy ('famfs fsck' lists the record)");
        }
    }

    private FamfsException MetadataPoisonedError() => new(Errno.EIO,
        $"famfs file system on {Device.Path} has a memory failure in its metadata (recorded in {_ledger.Path}): nothing can be logged",
        "restore the file system from a copy");

    /// <summary>
    /// Applies what other processes of this host (the ledger) and other hosts (the shared poison
    /// list) recorded since we last looked: a failure revokes our mappings over it; a clear lifts
    /// it for new opens, whoever recorded the failure before it.
    /// </summary>
    private void SyncPoison()
    {
        var index = DeviceIndex;
        foreach (var entry in _ledger.ReadNew())
        {
            if (entry.Cleared)
            {
                index.LiftPoison(entry.Range);
            }
            else
            {
                Poison(index, entry.Range);
            }
        }

        SyncSharedPoison(index);
        ReservePoison();
    }

    private void SyncSharedPoison(DeviceRangeIndex index)
    {
        SharedPoisonState state;
        try
        {
            if (Shared is null || (state = Shared.Poison.Current()) == _sharedPoisonSeen)
            {
                return;
            }
        }
        catch (MappingRevokedException e)
        {
            LoseSharedArea(e.Message);
            return;
        }

        foreach (var cleared in state.Cleared.Skip(_sharedPoisonSeen?.Cleared.Count ?? 0))
        {
            index.LiftPoison(cleared);
        }

        foreach (var range in state.Poisoned)
        {
            Poison(index, range);
        }

        _sharedPoisonSeen = state;
    }

    private static void Poison(DeviceRangeIndex index, DeviceRange range)
    {
        if (!index.PoisonedRanges.Any(known => known.Contains(range)))
        {
            index.ReportMemoryFailure(range);
        }
    }

    /// <summary>Takes poisoned units out of the allocator, so no new file is placed on failed memory (claiming them again is harmless).</summary>
    private void ReservePoison()
    {
        var ranges = PoisonedRanges;
        _metadataPoisoned = ranges.Any(InMetadata);
        lock (_stateLock)
        {
            foreach (var range in ranges)
            {
                _allocator.Map.Claim(new Extent(0, range.Start, range.Bytes), AllocationMap.PoisonOwner);
            }
        }
    }

    private void ThrowIfPoisoned(FsFile file)
    {
        if (PoisonIn(file, PoisonedRanges) is { } bad)
        {
            throw new FamfsException(Errno.EIO,
                $"'{file.Path}' is poisoned: a memory failure was reported in {bad} of {Device.Path} (recorded in {_ledger.Path})",
                "the data in that range is lost; restore the file from a copy");
        }
    }

    /// <summary>The first poisoned range under one of the file's extents, or null.</summary>
    private static DeviceRange? PoisonIn(FsFile file, IReadOnlyList<DeviceRange> ranges)
    {
        foreach (var extent in file.Map.DeviceExtents)
        {
            if (extent.Length == 0)
            {
                continue;
            }

            var range = new DeviceRange(extent.Offset, extent.Length);
            foreach (var bad in ranges)
            {
                if (bad.Overlaps(range))
                {
                    return bad;
                }
            }
        }

        return null;
    }
}
