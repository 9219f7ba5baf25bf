namespace Famfs.Fuse;

/// <summary>The answer to Open, OpenDir and Create.</summary>
/// <param name="Handle">Any value; it comes back in every request on this open file (fuse_file_info.fh).</param>
/// <param name="DirectIo">Bypass the page cache for this open file (reads and writes go to the daemon).</param>
/// <param name="KeepCache">Keep cached data from earlier opens instead of dropping it on open.</param>
/// <param name="NonSeekable">The file is a stream: reject lseek and pread.</param>
/// <param name="CacheReaddir">Directories only: let the kernel cache ReadDir results.</param>
public readonly record struct OpenResult(
    ulong Handle = 0,
    bool DirectIo = false,
    bool KeepCache = false,
    bool NonSeekable = false,
    bool CacheReaddir = false);
