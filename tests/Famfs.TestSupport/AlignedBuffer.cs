using System.Runtime.InteropServices;

namespace Famfs.TestSupport;

/// <summary>
/// Native memory starting on a page boundary, as dd, cat and cp read into. Direct I/O cares:
/// the kernel's FUSE carries at most 256 pages per request, so an unaligned 1 MiB buffer (257
/// pages) costs a second, tiny round trip per read(2). Freed on dispose.
/// </summary>
public sealed unsafe class AlignedBuffer(int length) : IDisposable
{
    private void* _memory = NativeMemory.AlignedAlloc((nuint)length, (nuint)Environment.SystemPageSize);

    public Span<byte> Span => _memory is null ? throw new ObjectDisposedException(nameof(AlignedBuffer)) : new(_memory, length);

    public void Dispose()
    {
        NativeMemory.AlignedFree(_memory);
        _memory = null;
    }
}
