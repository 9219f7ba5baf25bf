namespace Famfs.Interop;

/// <summary>mmap helpers: shared mappings of a device at an aligned virtual address.</summary>
internal static class Mmap
{
    private static readonly ulong PageSize = (ulong)Environment.SystemPageSize;

    /// <summary>
    /// Maps [offset, offset + length) of <paramref name="fd"/> MAP_SHARED at a virtual address
    /// aligned to <paramref name="alignment"/>. Alignment to 2 MiB lets the kernel back the
    /// mapping with huge pages (dax devices require it; tmpfs uses it when THP is enabled).
    /// It works by reserving a larger PROT_NONE range, mapping the device over its aligned
    /// middle with MAP_FIXED, and returning the slack on both sides.
    /// </summary>
    public static SafeMappingHandle MapShared(SafeFileDescriptor fd, long offset, ulong length, bool writable, ulong alignment, string what)
    {
        if (length == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), "a mapping needs at least one byte");
        }

        if (length < alignment)
        {
            // Too short for a huge page: alignment buys nothing, while placing it next to the
            // mappings of the neighbouring device bytes lets the kernel merge them (cheap revocation).
            return MappingWindows.MapShared(fd, offset, length, Protection(writable), alignment, what);
        }

        // The kernel maps whole pages: the device mapping ends at the page boundary after
        // offset + length, so the tail to give back starts there (munmap needs a page-aligned
        // address; from aligned + length it fails with EINVAL and the tail stayed reserved).
        // SafeMappingHandle unmaps (aligned, length): munmap rounds the length up the same way.
        var mappedLength = (length + PageSize - 1) & ~(PageSize - 1);
        var reserveLength = mappedLength + alignment;
        var reserved = Reserve(reserveLength, what);
        var aligned = (nint)(((ulong)reserved + alignment - 1) & ~(alignment - 1));
        var mapped = Libc.Mmap(aligned, (nuint)length, Protection(writable), Libc.MAP_SHARED | Libc.MAP_FIXED, fd.Fd, offset);
        if (mapped == Libc.MAP_FAILED)
        {
            var error = NativeErrors.ForLastError($"mmap {what}");
            Libc.Munmap(reserved, (nuint)reserveLength);
            throw error;
        }

        var head = (ulong)(aligned - reserved);
        if (head > 0)
        {
            Libc.Munmap(reserved, (nuint)head);
        }

        var tail = reserveLength - head - mappedLength;
        if (tail > 0)
        {
            Libc.Munmap(aligned + (nint)mappedLength, (nuint)tail);
        }

        return new SafeMappingHandle(aligned, length);
    }

    /// <summary>Reserves <paramref name="length"/> bytes of inaccessible address space wherever the kernel likes.</summary>
    public static nint Reserve(ulong length, string what)
    {
        var reserved = Libc.Mmap(0, (nuint)length, Libc.PROT_NONE, Libc.MAP_PRIVATE | Libc.MAP_ANONYMOUS | Libc.MAP_NORESERVE, -1, 0);
        return reserved != Libc.MAP_FAILED ? reserved : throw NativeErrors.ForLastError($"reserve {length} bytes of address space for {what}");
    }

    private static int Protection(bool writable) => Libc.PROT_READ | (writable ? Libc.PROT_WRITE : 0);

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

    /// <summary><see cref="ReplaceWithInaccessible"/> for callers that handle failure themselves (errno is left set).</summary>
    public static bool TryReplaceWithInaccessible(nint address, ulong length) =>
        Libc.Mmap(address, (nuint)length, Libc.PROT_NONE,
            Libc.MAP_PRIVATE | Libc.MAP_ANONYMOUS | Libc.MAP_NORESERVE | Libc.MAP_FIXED, -1, 0) != Libc.MAP_FAILED;
}
