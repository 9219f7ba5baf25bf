namespace Famfs.Format;

/// <summary>What a file of the shared host area holds (the header's kind field).</summary>
internal enum SharedAreaKind : ushort
{
    Hosts = 1,
    Generations = 2,
    Poison = 3,
}

/// <summary>
/// The fixed numbers of the shared host area (docs/SHARED-STATE.md): three ordinary famfs files
/// under <c>.famfs/</c>, each a 64-byte header and then records, every record that several hosts
/// could write on its own cache line.
/// </summary>
internal static class SharedAreaLayout
{
    public const string Directory = ".famfs";
    public const string HostsPath = ".famfs/hosts";
    public const string GenerationsPath = ".famfs/generations";
    public const string PoisonPath = ".famfs/poison";

    public const uint Magic = 0x53534D46; // "FMSS"
    public const ushort Version = 1;
    public const int HeaderSize = 64;
    public const int LineSize = 64;

    public const int HostSlotCount = 256;
    public const int HostSlotSize = 128;
    public const uint HostMagic = 0x54534F48; // "HOST"

    /// <summary>Line B of a slot starts here; its fields are aligned 64-bit values.</summary>
    public const int ProgressOffset = 64;
    public const int HeartbeatOffset = ProgressOffset + 0;
    public const int PlayedOffset = ProgressOffset + 8;
    public const int WriteSequenceOffset = ProgressOffset + 16;
    public const int PoisonCountOffset = ProgressOffset + 24;

    public const int GenerationRecordSize = 64;

    /// <summary>
    /// Bytes [1 MiB, 2 MiB) of <c>.famfs/hosts</c>: one change ring per slot, past the slots in
    /// bytes every creator zeroed, so areas made before the rings existed have them too.
    /// </summary>
    public const ulong ChangeRingsOffset = 1UL << 20;
    public const int ChangeEntrySize = 8;
    public const int ChangeRingEntries = 512;
    public const int ChangeRingSize = ChangeEntrySize * ChangeRingEntries;

    public const int PoisonRecordSize = 32;
    public const int PoisonRecordsPerSegment = 128;
    public const int PoisonSegmentSize = PoisonRecordSize * PoisonRecordsPerSegment;

    /// <summary>Where host slot <paramref name="slot"/> starts in <c>.famfs/hosts</c>.</summary>
    public static ulong HostSlotOffset(int slot) => HeaderSize + ((ulong)slot * HostSlotSize);

    /// <summary>Where the generation of the file created by log entry <paramref name="logIndex"/> is in <c>.famfs/generations</c>.</summary>
    public static ulong GenerationOffset(ulong logIndex) => HeaderSize + (logIndex * GenerationRecordSize);

    /// <summary>Whether a hosts file of <paramref name="length"/> bytes holds the change rings (one 2 MiB unit does; with 4 KiB units it is 36 KiB and holds none).</summary>
    public static bool HasChangeRings(ulong length) => length >= ChangeRingsOffset + ((ulong)HostSlotCount * ChangeRingSize);

    /// <summary>Where the entry of slot <paramref name="slot"/>'s ring for its bump with write sequence <paramref name="sequence"/> is in <c>.famfs/hosts</c>.</summary>
    public static ulong ChangeEntryOffset(int slot, ulong sequence) =>
        ChangeRingsOffset + ((ulong)slot * ChangeRingSize) + (sequence % ChangeRingEntries * ChangeEntrySize);

    /// <summary>Where record <paramref name="index"/> of slot <paramref name="slot"/>'s segment is in <c>.famfs/poison</c>.</summary>
    public static ulong PoisonRecordOffset(int slot, int index) => HeaderSize + ((ulong)slot * PoisonSegmentSize) + ((ulong)index * PoisonRecordSize);

    /// <summary>The record size and count each kind's header states, for a log of <paramref name="logCapacity"/> entries.</summary>
    public static (uint RecordSize, uint RecordCount) Records(SharedAreaKind kind, ulong logCapacity) => kind switch
    {
        SharedAreaKind.Hosts => (HostSlotSize, HostSlotCount),
        SharedAreaKind.Generations => (GenerationRecordSize, checked((uint)logCapacity)),
        SharedAreaKind.Poison => (PoisonSegmentSize, HostSlotCount),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The size of a file of the area: header and records, rounded up to whole allocation units.</summary>
    public static ulong FileSize(SharedAreaKind kind, ulong logCapacity, ulong allocationUnit)
    {
        var (size, count) = Records(kind, logCapacity);
        var bytes = HeaderSize + ((ulong)size * count);
        return (bytes + allocationUnit - 1) / allocationUnit * allocationUnit;
    }

    /// <summary>A generation after a bump by the host in <paramref name="slot"/>: counter + 1, and the slot in the low byte, so two hosts bumping one value write different values.</summary>
    public static ulong NextGeneration(ulong generation, int slot) => (((generation >> 8) + 1) << 8) | (byte)slot;
}
