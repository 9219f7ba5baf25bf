namespace Famfs.Interop;

/// <summary>mmap(2)/mprotect(2) protection bits.</summary>
[Flags]
internal enum MmapProtection
{
    PROT_NONE = 0x0,
    PROT_READ = 0x1,
    PROT_WRITE = 0x2,
    PROT_EXEC = 0x4,
}

/// <summary>mmap(2) flags.</summary>
[Flags]
internal enum MmapFlags
{
    MAP_SHARED = 0x01,
    MAP_PRIVATE = 0x02,
    MAP_FIXED = 0x10,
    MAP_ANONYMOUS = 0x20,
    MAP_NORESERVE = 0x4000,
    MAP_FIXED_NOREPLACE = 0x100000,
}

/// <summary>madvise(2) advice: fill page tables in one call instead of one fault per page (Linux 5.14+).</summary>
internal enum MadviseAdvice
{
    MADV_POPULATE_READ = 22,
    MADV_POPULATE_WRITE = 23,
}

/// <summary>msync(2) flags.</summary>
[Flags]
internal enum MsyncFlags
{
    MS_SYNC = 4,
}

/// <summary>statx(2) flags (the AT_* bits it accepts).</summary>
[Flags]
internal enum StatxFlags
{
    AT_NONE = 0,
    AT_SYMLINK_NOFOLLOW = 0x100,
    AT_EMPTY_PATH = 0x1000,

    /// <summary>Attributes as cached: a network or FUSE file system is not asked.</summary>
    AT_STATX_DONT_SYNC = 0x4000,
}

/// <summary>statx(2) mask: which fields to fill.</summary>
[Flags]
internal enum StatxMask : uint
{
    STATX_TYPE = 0x1,
    STATX_BASIC_STATS = 0x7ff,
}
