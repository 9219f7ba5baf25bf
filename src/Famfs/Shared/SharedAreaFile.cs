using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Famfs.Interop;
using Famfs.Lifecycle;

namespace Famfs.Shared;

/// <summary>
/// One mapped file of the shared host area. On memory that is not coherent across hosts every
/// read is preceded by invalidating its cache lines and every store is followed by writing
/// them back (when <see cref="FlushCaches"/>); on /dev/shm both are skipped.
/// </summary>
internal sealed class SharedAreaFile(DeviceMapping mapping, bool flushCaches) : IDisposable
{
    public DeviceMapping Mapping => mapping;

    public bool FlushCaches => flushCaches;

    public ulong Length => mapping.Length;

    /// <summary>[offset, offset + length) as it is in memory now (stale cache lines dropped first).</summary>
    public ReadOnlySpan<byte> ReadFresh(ulong offset, int length)
    {
        var bytes = mapping.Read(offset, length);
        Flush(bytes);
        return bytes;
    }

    /// <summary>A writable view of [offset, offset + length); call <see cref="WriteBack"/> once it is written.</summary>
    public Span<byte> Write(ulong offset, int length) => mapping.Write(offset, length);

    /// <summary>Pushes [offset, offset + length) from the processor cache to memory, where other hosts read it.</summary>
    public void WriteBack(ulong offset, int length) => Flush(mapping.Read(offset, length));

    /// <summary>The aligned 64-bit word at <paramref name="offset"/>, for atomic loads and stores (and atomic updates among this host's processes).</summary>
    /// <remarks>A writable word comes through the mapping's write check: a store into a read-only mapping would fault.</remarks>
    public ref ulong Word(ulong offset, bool writable = true) =>
        ref AsWord(writable ? mapping.Write(offset, sizeof(ulong)) : mapping.Read(offset, sizeof(ulong)), offset);

    /// <summary>The writable word at <paramref name="offset"/> with its stale cache line dropped first, for an atomic update.</summary>
    public ref ulong FreshWord(ulong offset)
    {
        var bytes = mapping.Write(offset, sizeof(ulong));
        Flush(bytes);
        return ref AsWord(bytes, offset);
    }

    /// <summary>Reads the word at <paramref name="offset"/> fresh from memory (one checked view: this runs for every slot of every poll).</summary>
    public ulong ReadWord(ulong offset) => Volatile.Read(ref AsWord(ReadFresh(offset, sizeof(ulong)), offset));

    /// <summary>Stores the word at <paramref name="offset"/> and writes it back.</summary>
    public void WriteWord(ulong offset, ulong value)
    {
        var bytes = mapping.Write(offset, sizeof(ulong));
        Volatile.Write(ref AsWord(bytes, offset), value);
        Flush(bytes);
    }

    public void Dispose() => mapping.Dispose();

    private static ref ulong AsWord(ReadOnlySpan<byte> bytes, ulong offset) => ref offset % sizeof(ulong) == 0
        ? ref Unsafe.As<byte, ulong>(ref MemoryMarshal.GetReference(bytes))
        : ref Throw(offset);

    private static ref ulong Throw(ulong offset) =>
        throw new ArgumentOutOfRangeException(nameof(offset), $"word offset {offset} is not 8-byte aligned");

    private void Flush(ReadOnlySpan<byte> bytes)
    {
        if (flushCaches)
        {
            CpuCache.FlushRange(bytes);
        }
    }
}
