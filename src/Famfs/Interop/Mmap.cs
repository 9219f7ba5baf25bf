using Famfs.Errors;

namespace Famfs.Interop;

/// <summary>mmap helpers: shared mappings of a device at an aligned virtual address.</summary>
internal static class Mmap
{
    private static readonly ulong PageSize = (ulong)Environment.SystemPageSize;

    /// <summary>
    /// Maps [offset, offset + length) of <paramref name="fd"/> MAP_SHARED. The virtual address
    /// is congruent to the offset modulo <paramref name="alignment"/> (aligned, for the aligned
    /// offsets famfs extents have), which lets the kernel back the mapping with huge pages (dax
    /// devices require it; tmpfs uses it when THP is enabled). Mappings up to
    /// <see cref="MappingWindows.MaxLength"/> go into windows where neighbouring device ranges sit
    /// side by side and merge into one VMA; longer ones (few per process) are placed alone.
    /// </summary>
    public static SafeMappingHandle MapShared(SafeFileDescriptor fd, long offset, ulong length, bool writable, ulong alignment, string what)
    {
        if (length == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), "a mapping needs at least one byte");
        }

        // Checked here, not left to mmap: a refusal after the range was reserved would leave it
        // reserved for good (see TryRestoreReservation).
        if ((ulong)offset % PageSize != 0)
        {
            throw new FamfsException(Errno.EINVAL, $"cannot map {what}: device offset {offset} is not a multiple of the {PageSize}-byte page size");
        }

        if (length <= MappingWindows.MaxLength)
        {
            return MappingWindows.MapShared(fd, offset, length, Protection(writable), alignment, what);
        }

        // The kernel maps whole pages: SafeMappingHandle unmaps (address, length), and munmap
        // rounds the length up the same way, so the reservation is exactly the mapped pages.
        var mappedLength = (length + PageSize - 1) & ~(PageSize - 1);
        var aligned = ReserveAligned(mappedLength, alignment, what);
        if (Libc.Mmap(aligned, (nuint)length, Protection(writable), MmapFlags.MAP_SHARED | MmapFlags.MAP_FIXED, fd.Fd, offset) == Libc.MAP_FAILED)
        {
            var error = NativeErrors.ForLastError($"mmap {what}");
            if (TryRestoreReservation(aligned, mappedLength))
            {
                Libc.Munmap(aligned, (nuint)mappedLength);
            }

            throw error;
        }

        return new SafeMappingHandle(aligned, length);
    }

    /// <summary>
    /// Reserves <paramref name="length"/> bytes (whole pages) of inaccessible address space at an
    /// address aligned to <paramref name="alignment"/>: reserves that much more wherever the
    /// kernel likes and gives back the slack on both sides.
    /// </summary>
    public static nint ReserveAligned(ulong length, ulong alignment, string what)
    {
        var reserveLength = length + alignment;
        var reserved = Reserve(reserveLength, what);
        var aligned = (nint)(((ulong)reserved + alignment - 1) & ~(alignment - 1));
        var head = (ulong)(aligned - reserved);
        if (head > 0)
        {
            Libc.Munmap(reserved, (nuint)head);
        }

        var tail = reserveLength - head - length;
        if (tail > 0)
        {
            Libc.Munmap(aligned + (nint)length, (nuint)tail);
        }

        return aligned;
    }

    /// <summary>Reserves <paramref name="length"/> bytes of inaccessible address space wherever the kernel likes.</summary>
    public static nint Reserve(ulong length, string what)
    {
        var reserved = Libc.Mmap(0, (nuint)length, MmapProtection.PROT_NONE, MmapFlags.MAP_PRIVATE | MmapFlags.MAP_ANONYMOUS | MmapFlags.MAP_NORESERVE, -1, 0);
        return reserved != Libc.MAP_FAILED ? reserved : throw NativeErrors.ForLastError($"reserve {length} bytes of address space for {what}");
    }

    private static MmapProtection Protection(bool writable) => MmapProtection.PROT_READ | (writable ? MmapProtection.PROT_WRITE : MmapProtection.PROT_NONE);

    /// <summary>
    /// Replaces [address, address + length) in place with an inaccessible anonymous mapping,
    /// atomically (one MAP_FIXED call): any later access through a stale pointer faults
    /// instead of reaching device memory, and the range stays reserved so nothing else can
    /// be mapped there while a stale pointer might still exist.
    /// </summary>
    public static void ReplaceWithInaccessible(nint address, ulong length, string what)
    {
        if (!TryReplaceWithInaccessible(address, length))
        {
            throw NativeErrors.ForLastError($"revoke mapping of {what}");
        }
    }

    /// <summary>
    /// After a MAP_FIXED over our own reservation failed: kernels before 6.12 (Debian 12 runs
    /// 6.1) have already unmapped the range, leaving a hole that another thread's mmap may have
    /// taken since; later kernels keep the reservation. Refilling with MAP_FIXED_NOREPLACE tells
    /// the cases apart only partly: success means it was a hole and is ours again; EEXIST means
    /// something is there, our reservation or a stranger's mapping. Then false: the caller must
    /// never touch those addresses again (they stay reserved for the life of the process, a few
    /// bytes of address space for a rare error) rather than risk unmapping another's memory.
    /// </summary>
    public static bool TryRestoreReservation(nint address, ulong length)
    {
        var placed = Libc.Mmap(address, (nuint)length, MmapProtection.PROT_NONE,
            MmapFlags.MAP_PRIVATE | MmapFlags.MAP_ANONYMOUS | MmapFlags.MAP_NORESERVE | MmapFlags.MAP_FIXED_NOREPLACE, -1, 0);
        if (placed == address)
        {
            return true;
        }

        if (placed != Libc.MAP_FAILED)
        {
            Libc.Munmap(placed, (nuint)length); // a kernel before 4.17 took the flag as a hint
        }

        return false;
    }

    /// <summary><see cref="ReplaceWithInaccessible"/> for callers that handle failure themselves (errno is left set).</summary>
    public static bool TryReplaceWithInaccessible(nint address, ulong length) =>
        Libc.Mmap(address, (nuint)length, MmapProtection.PROT_NONE,
            MmapFlags.MAP_PRIVATE | MmapFlags.MAP_ANONYMOUS | MmapFlags.MAP_NORESERVE | MmapFlags.MAP_FIXED, -1, 0) != Libc.MAP_FAILED;
}
