using Famfs.Allocation;
using Famfs.Format;
using Famfs.Log;
using Famfs.Namespace;

namespace Famfs.Tests.TestSupport;

/// <summary>Log records built in memory, as if read from consecutive slots starting at 0.</summary>
internal static class Records
{
    public static LogRecord[] Of(params LogEntry[] entries) =>
        [.. entries.Select((e, i) => new LogRecord((ulong)i, e with { Seqnum = (ulong)i }, null))];

    /// <summary>Plays <paramref name="entries"/> into a fresh tree; returns the tree and the per-entry problems.</summary>
    public static (FsTree Tree, IReadOnlyList<PlayOutcome> Outcomes) Play(params LogEntry[] entries)
    {
        var tree = new FsTree();
        return (tree, LogPlayer.Play(tree, Of(entries), Admission()));
    }

    /// <summary>The space judgement of a 64 GiB device with the default 8 MiB log, as log play on a real device uses.</summary>
    public static SpaceAdmission Admission() =>
        new(new AllocationMap(64UL << 30, FormatConstants.AllocationUnit, FormatConstants.MetadataLength(FormatConstants.DefaultLogLength)));

    public static MkdirEntry Dir(string path) => new() { Path = path, Mode = 0x1ED };

    public static FileEntry File(string path, ulong offset = 10UL << 20) => new()
    {
        Path = path, Size = 4096, Mode = 0x1A4, Map = new SimpleFileMap([new Extent(0, offset, 2UL << 20)]),
    };
}
