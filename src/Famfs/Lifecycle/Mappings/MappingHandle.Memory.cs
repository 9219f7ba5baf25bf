using Famfs.Interop;

namespace Famfs.Lifecycle;

/// <summary>The pointer work on a mapping's memory, kept here so that layers above it need no unsafe code.</summary>
internal sealed partial class MappingHandle
{
    /// <summary>
    /// [offset, offset + length) of the mapping with no checks: only for a caller inside a read
    /// section that found this mapping live and took the range from its own map of it.
    /// </summary>
    internal unsafe ReadOnlySpan<byte> UncheckedView(ulong offset, int length) => new((void*)(Address + (nint)offset), length);

    /// <summary>Writes back and invalidates the processor cache lines of the whole mapping.</summary>
    internal void FlushProcessorCaches() => CpuCache.FlushRange(Address, (nuint)Range.Length);

    /// <summary>
    /// Fills the mapping's page tables in one system call (for writing: <paramref name="forWrite"/>).
    /// Best effort: kernels before 5.14 lack it, and nothing changes then.
    /// </summary>
    internal void Populate(bool forWrite) =>
        Libc.Madvise(Address, (nuint)Range.Length, forWrite ? MadviseAdvice.MADV_POPULATE_WRITE : MadviseAdvice.MADV_POPULATE_READ);
}
