using Famfs.Devices;
using Famfs.Errors;
using Famfs.Format;
using Famfs.Lifecycle;

namespace Famfs.Log;

/// <summary>
/// The metadata region of a famfs device, opened and validated: the superblock (read once)
/// and a shared mapping of [0, 2 MiB + log length) through which the log is read live.
/// </summary>
internal sealed class FamfsMetadata : IDisposable
{
    private FamfsMetadata(MemoryDevice device, Superblock superblock, DeviceMapping mapping)
    {
        Device = device;
        Superblock = superblock;
        Mapping = mapping;
    }

    public MemoryDevice Device { get; }

    public Superblock Superblock { get; }

    /// <summary>
    /// The mapping of superblock area and log; log offset 0 is mapping offset 2 MiB. A raw device
    /// view in the device index: a claim over the metadata (mkfs --force) revokes it.
    /// </summary>
    public DeviceMapping Mapping { get; }

    public ulong LogLength => Superblock.LogBytes;

    /// <summary>
    /// Validates superblock and log header of <paramref name="device"/> and maps the metadata.
    /// Throws <see cref="MetadataCorruptException"/> naming the first problem found.
    /// </summary>
    public static FamfsMetadata Open(MemoryDevice device, bool writable)
    {
        var superblock = ReadSuperblock(device);
        var metadataLength = FormatConstants.MetadataLength(superblock.LogBytes);
        if (device.SizeBytes < metadataLength)
        {
            throw new MetadataCorruptException(
                $"memory device {device.Path} is {device.Size} bytes but its famfs log ends at byte {metadataLength}: the device is truncated",
                $"restore the device to its full size (the superblock says {superblock.DeviceSize} bytes)");
        }

        var metadata = MapUnchecked(device, superblock, writable);
        try
        {
            var problems = LogHeaderCodec.Validate(metadata.ReadHeader(), metadata.HeaderBytes, superblock.LogBytes);
            if (problems.Count > 0)
            {
                throw new MetadataCorruptException($"{device.Path}: {problems[0]}", "run 'famfs fsck' for a full report");
            }

            return metadata;
        }
        catch
        {
            metadata.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Maps the metadata of a device whose superblock was already read, without judging the log
    /// header: fsck uses it to report on a damaged log rather than refuse it.
    /// </summary>
    internal static FamfsMetadata MapUnchecked(MemoryDevice device, Superblock superblock, bool writable) =>
        new(device, superblock, device.Map(0, FormatConstants.MetadataLength(superblock.LogBytes), writable, "famfs metadata (superblock and log)"));

    /// <summary>Reads and validates the superblock with pread, before anything is mapped.</summary>
    public static Superblock ReadSuperblock(MemoryDevice device)
    {
        var (superblock, problems) = SuperblockReader.Read(device);
        if (problems.Count == 0)
        {
            return superblock!;
        }

        var remedy = superblock?.Magic == FormatConstants.SuperblockMagic
            ? "run 'famfs fsck' for a full report"
            : "run mkfs.famfs to create a file system (on a device of at least 4 GiB)";
        throw new MetadataCorruptException($"{device.Path}: {problems[0]}", remedy);
    }

    /// <summary>The log header as it is now in device memory.</summary>
    public LogHeader ReadHeader() => LogHeaderCodec.Decode(HeaderBytes);

    /// <summary>The 48 header bytes, live.</summary>
    public ReadOnlySpan<byte> HeaderBytes => Mapping.Read(FormatConstants.LogOffset, FormatConstants.LogHeaderSize);

    /// <summary>The 544 bytes of entry slot <paramref name="index"/>, live.</summary>
    public ReadOnlySpan<byte> EntryBytes(ulong index) => Mapping.Read(EntryOffset(index), FormatConstants.LogEntrySize);

    /// <summary>Whether <see cref="ReadSlots"/> returns the mapping's own bytes (device-dax) rather than a copy.</summary>
    public bool SlotsReadInPlace => Device.Kind == DeviceKind.DaxCharDevice;

    /// <summary>
    /// Entry slots [<paramref name="first"/>, first + <paramref name="count"/>) as they are now,
    /// for a pass over many: read into <paramref name="buffer"/> (at least count × 544 bytes)
    /// with one pread, which costs less than faulting the mapping in a page at a time (the
    /// buffer, reused, stays in the processor's cache); device-dax has no read, so there they
    /// are the mapping's own bytes and the buffer is not used.
    /// </summary>
    public ReadOnlySpan<byte> ReadSlots(ulong first, int count, Span<byte> buffer)
    {
        var length = count * FormatConstants.LogEntrySize;
        if (SlotsReadInPlace)
        {
            return Mapping.Read(EntryOffset(first), length);
        }

        var read = Device.ReadAt(EntryOffset(first), buffer[..length]);
        return read == length ? buffer[..length]
            : throw new FamfsException(Errno.EIO, $"read of log entries {first}..{first + (ulong)count - 1} of {Device.Path} returned {read} of {length} bytes: the device shrank");
    }

    /// <summary>Where entry slot <paramref name="index"/> starts, relative to the device (and the mapping).</summary>
    public static ulong EntryOffset(ulong index) =>
        FormatConstants.LogOffset + FormatConstants.LogHeaderSize + (index * FormatConstants.LogEntrySize);

    /// <summary>Reads and checks one entry slot.</summary>
    public LogRecord ReadRecord(ulong index) => LogRecord.Parse(EntryBytes(index), index);

    /// <summary>How many entry slots the log has, from the superblock (never from header fields that may be corrupt).</summary>
    public ulong Capacity => FormatConstants.LastIndexFor(LogLength) + 1;

    /// <summary>
    /// The index after the last committed entry: <paramref name="nextIndex"/>, or further when the
    /// slots from there on hold committed entries (see <see cref="LogEntryCodec.IsCommitted"/>),
    /// which are rolled forward, never overwritten.
    /// </summary>
    public ulong CommittedEnd(ulong nextIndex)
    {
        var end = Math.Min(nextIndex, Capacity);
        while (end < Capacity && LogEntryCodec.IsCommitted(EntryBytes(end), end))
        {
            end++;
        }

        return end;
    }

    /// <summary>Reads the entry slots [<paramref name="fromIndex"/>, committed end) in order (see <see cref="CommittedEnd"/>).</summary>
    public IEnumerable<LogRecord> ReadRecords(ulong fromIndex = 0)
    {
        var end = CommittedEnd(ReadHeader().NextIndex);
        for (var index = fromIndex; index < end; index++)
        {
            yield return ReadRecord(index);
        }
    }

    public void Dispose() => Mapping.Dispose();
}
