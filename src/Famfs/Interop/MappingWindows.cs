namespace Famfs.Interop;

/// <summary>
/// Places shared mappings of a device so that the kernel can merge them. Replacing or
/// unmapping costs the kernel about a microsecond per VMA (maple-tree and page-table teardown,
/// measured on Linux 6.18), whatever the number of calls: revoking 10,000 one-page mappings
/// that each are their own VMA takes ~8 ms of kernel time even in a single mmap call, and a
/// process may hold only vm.max_map_count (65,530) VMAs at all. Left to itself the kernel
/// places successive mmaps top-down, so mappings of ascending device offsets land at
/// descending addresses and never merge. Here each device chunk of <see cref="ChunkSpan"/>
/// bytes gets reserved windows in which offset x always lands at window base + x: neighbouring
/// device ranges mapped with the same protection (a file's extents, the extents of files
/// allocated one after another, raw views) become one VMA, and revoking them is one cheap
/// replacement. A range already taken in every window of its chunk (the same bytes mapped
/// again, or mapped once more after a release: a window's pages serve one mapping each) opens
/// another window. A window is retired with its last mapping and unmapped once it has left
/// <see cref="AddressQuarantine"/>.
/// Windows are only address space (PROT_NONE, MAP_NORESERVE): they cost no memory.
/// </summary>
internal static class MappingWindows
{
    /// <summary>Device bytes whose mappings share windows; a window reserves this plus <see cref="MaxLength"/>.</summary>
    public const ulong ChunkSpan = 1024 * 1024 * 1024;

    /// <summary>The longest mapping placed in a window; longer ones are few and placed alone.</summary>
    public const ulong MaxLength = 64 * 1024 * 1024;

    private static readonly ulong PageSize = (ulong)Environment.SystemPageSize;
    private static readonly Lock Lock = new();

    /// <summary>
    /// The windows of each chunk, of every device: keyed by the chunk alone because hashing a
    /// long is cheap on this per-mapping path, and a process maps few devices, so the scan
    /// rarely meets another device's window.
    /// </summary>
    private static readonly Dictionary<long, List<MappingWindow>> Windows = [];

    /// <summary>
    /// Maps [offset, offset + length) of <paramref name="fd"/> MAP_SHARED in a window, whose base
    /// is aligned to <paramref name="alignment"/> (so is the mapping, for an aligned offset).
    /// </summary>
    public static SafeMappingHandle MapShared(SafeFileDescriptor fd, long offset, ulong length, MmapProtection protection, ulong alignment, string what)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, MaxLength);
        var (window, first) = Occupy(fd, offset, length, alignment, what);
        var address = window.Base + (nint)((ulong)first * PageSize);
        if (Libc.Mmap(address, (nuint)length, protection, MmapFlags.MAP_SHARED | MmapFlags.MAP_FIXED, fd.Fd, offset) == Libc.MAP_FAILED)
        {
            var error = NativeErrors.ForLastError($"mmap {what}");
            if (Mmap.TryRestoreReservation(address, length))
            {
                var count = Pages(window, address, length).Count;
                CountOut(window, () => window.Abandon(first, count));
            }

            // Otherwise the pages stay taken for good, so the window is never unmapped over
            // whatever may be there now (see Mmap.TryRestoreReservation).
            throw error;
        }

        return new SafeMappingHandle(address, length, window);
    }

    /// <summary>
    /// Counts a released, inaccessible mapping out of its window. A window left without mappings
    /// is retired: nothing is placed in it any more, and its addresses go to
    /// <see cref="AddressQuarantine"/>, which unmaps them later.
    /// </summary>
    public static void Release(MappingWindow window) => CountOut(window, window.Release);

    private static void CountOut(MappingWindow window, Action countOut)
    {
        lock (Lock)
        {
            countOut();
            if (window.Mappings > 0)
            {
                return;
            }

            // Unlinked under the lock, so nobody can place a mapping in it any more.
            var windows = Windows[window.Chunk];
            windows.Remove(window);
            if (windows.Count == 0)
            {
                Windows.Remove(window.Chunk);
            }
        }

        AddressQuarantine.Hold(window.Base, window.Length);
    }

    /// <summary>How many windows hold mappings of <paramref name="fd"/> (tests look at it).</summary>
    public static int CountOf(SafeFileDescriptor fd)
    {
        lock (Lock)
        {
            return Windows.Values.Sum(windows => windows.Count(window => window.Device == fd));
        }
    }

    /// <summary>Finds (or reserves) a window of the range's chunk where its pages are free and takes them.</summary>
    private static (MappingWindow Window, int First) Occupy(SafeFileDescriptor fd, long offset, ulong length, ulong alignment, string what)
    {
        var chunk = offset / (long)ChunkSpan;
        lock (Lock)
        {
            if (!Windows.TryGetValue(chunk, out var windows))
            {
                windows = [];
                Windows.Add(chunk, windows);
            }

            // Newest first: that is where the previous mapping of a sequential walk went.
            for (var i = windows.Count - 1; i >= 0; i--)
            {
                if (windows[i].Device == fd && TryOccupy(windows[i], offset, length) is { } taken)
                {
                    return (windows[i], taken);
                }
            }

            // Reserved under the lock: rare (a new chunk, or the same bytes mapped once more).
            const ulong reserved = ChunkSpan + MaxLength;
            MappingWindow opened;
            try
            {
                opened = new MappingWindow(fd, chunk, Mmap.ReserveAligned(reserved, alignment, what), reserved, chunk * (long)ChunkSpan, PageSize);
            }
            catch
            {
                if (windows.Count == 0)
                {
                    Windows.Remove(chunk);
                }

                throw;
            }

            windows.Add(opened);
            // An empty window always has room: the range starts inside the chunk and is at most MaxLength long.
            return (opened, TryOccupy(opened, offset, length)!.Value);
        }
    }

    /// <summary>Takes the window pages the device range would occupy; their first index, or null if any is taken.</summary>
    private static int? TryOccupy(MappingWindow window, long offset, ulong length)
    {
        var (first, count) = Pages(window, window.Base + (nint)(offset - window.DeviceStart), length);
        return window.TryOccupy(first, count) ? first : null;
    }

    /// <summary>The window pages that [address, address + length) touches.</summary>
    private static (int First, int Count) Pages(MappingWindow window, nint address, ulong length)
    {
        var from = (ulong)(address - window.Base);
        var first = (int)(from / PageSize);
        return (first, (int)((from + length + PageSize - 1) / PageSize) - first);
    }
}
