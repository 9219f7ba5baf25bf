using Famfs.Admin;
using Famfs.Format;
using Famfs.Log;

namespace Famfs.TestSupport;

/// <summary>Builds formatted devices with logged entries, using only the engine's own codecs.</summary>
internal static class TestLog
{
    public static readonly Guid MasterUuid = Guid.Parse("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");

    /// <summary>A sparse 4 GiB (or <paramref name="size"/>) device formatted by our mkfs, with <paramref name="entries"/> appended.</summary>
    public static TempDevice CreateFormatted(string tag, IEnumerable<LogEntry>? entries = null, ulong size = 4UL << 30, ulong logLength = FormatConstants.DefaultLogLength)
    {
        var device = TempDevice.CreateSparse(tag, size);
        try
        {
            using var dev = device.Open(writable: true);
            Mkfs.Format(dev, logLength, force: false, MasterUuid);
            if (entries is not null)
            {
                Append(dev, entries);
            }
        }
        catch
        {
            device.Dispose();
            throw;
        }

        return device;
    }

    /// <summary>
    /// Appends <paramref name="entries"/> after the last logged entry: each gets seqnum = index,
    /// is encoded with its CRC, then the header's next index and seqnum advance.
    /// </summary>
    public static void Append(Devices.MemoryDevice device, IEnumerable<LogEntry> entries)
    {
        using var metadata = FamfsMetadata.Open(device, writable: true);
        var header = metadata.ReadHeader();
        var next = header.NextIndex;
        foreach (var entry in entries)
        {
            var slot = metadata.Mapping.Write(FamfsMetadata.EntryOffset(next), FormatConstants.LogEntrySize);
            LogEntryCodec.Encode(entry with { Seqnum = next }, slot);
            next++;
        }

        var headerBytes = metadata.Mapping.Write(FormatConstants.LogOffset, FormatConstants.LogHeaderSize);
        LogHeaderCodec.Encode(header with { NextIndex = next, NextSeqnum = next }, headerBytes);
        metadata.Mapping.Sync(0, metadata.Mapping.Length);
    }

    public static MkdirEntry Mkdir(string path, uint mode = 0x1ED) => new() { Path = path, Mode = mode };

    /// <summary>A FILE entry with one simple extent of round_up(size, 2 MiB) bytes at <paramref name="offset"/>.</summary>
    public static FileEntry File(string path, ulong offset, ulong size, uint mode = 0x1A4) => new()
    {
        Path = path,
        Size = size,
        Mode = mode,
        Map = new SimpleFileMap([new Extent(0, offset, (size + FormatConstants.AllocationUnit - 1) / FormatConstants.AllocationUnit * FormatConstants.AllocationUnit)]),
    };
}
