using Famfs.Format;
using Famfs.Lifecycle;
using Famfs.Namespace;

namespace Famfs.Admin;

/// <summary>Everything fsck found: problems, the entries it played, and the allocation statistics.</summary>
public sealed class FsckReport
{
    public required string DevicePath { get; init; }

    public required long DeviceSize { get; init; }

    public Superblock? Superblock { get; internal set; }

    internal LogHeader? LogHeader { get; set; }

    /// <summary>Problems that make the file system unsound; any one makes fsck fail.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Things worth knowing that do not make the file system unsound (e.g. ignored entry types).</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>Every entry played, with what play made of it: listed only when asked for (see Fsck.Run), otherwise empty.</summary>
    internal List<PlayOutcome> Entries { get; } = [];

    /// <summary>How many entries make the log damaged (see <see cref="PlayOutcome.IsDamage"/>).</summary>
    internal int DamagedEntries { get; set; }

    /// <summary>The sum of the sizes of the files played, as the reference's "Sum of file sizes" counts them.</summary>
    internal ulong FileBytes { get; set; }

    public List<CrossLink> CrossLinks { get; } = [];

    /// <summary>Memory failures recorded on this host for the file system, with the files over each (each is also an error).</summary>
    public List<PoisonedRange> Poisoned { get; } = [];

    public FsckStatistics? Statistics { get; internal set; }

    public bool Clean => Errors.Count == 0;
}

/// <summary>Two files claiming the same device range: a cross-link (fsck error).</summary>
public sealed record CrossLink(string FirstPath, ulong FirstIndex, string SecondPath, ulong SecondIndex, long Offset, long Length);

/// <summary>A device range where a memory failure was reported, and the files whose extents overlap it.</summary>
public sealed record PoisonedRange(DeviceRange Range, IReadOnlyList<string> Files);

/// <summary>Capacity and use of the device as the allocation map sees it.</summary>
public sealed record FsckStatistics(
    long CapacityBytes,
    long AllocationUnit,
    int TotalUnits,
    int ReservedUnits,
    int AllocatedUnits,
    int FreeUnits,
    int Files,
    int Directories)
{
    public long AllocatedBytes => AllocatedUnits * AllocationUnit;

    public long FreeBytes => FreeUnits * AllocationUnit;

    public double PercentUsed => TotalUnits == 0 ? 0 : 100.0 * AllocatedUnits / TotalUnits;
}
