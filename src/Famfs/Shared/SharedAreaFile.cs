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
    public ref ulong Word(ulong offset, bool writable = true)
    {
        if (offset % sizeof(ulong) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"word offset {offset} is not 8-byte aligned");
        }

        return ref Unsafe.As<byte, ulong>(ref MemoryMarshal.GetReference(writable ? mapping.Write(offset, sizeof(ulong)) : mapping.Read(offset, sizeof(ulong))));
    }

    /// <summary>Reads the word at <paramref name="offset"/> fresh from memory.</summary>
    public ulong ReadWord(ulong offset)
    {
        ReadFresh(offset, sizeof(ulong));
        return Volatile.Read(ref Word(offset, writable: false));
    }

    /// <summary>Stores the word at <paramref name="offset"/> and writes it back.</summary>
    public void WriteWord(ulong offset, ulong value)
    {
        Volatile.Write(ref Word(offset), value);
        WriteBack(offset, sizeof(ulong));
    }

    public void Dispose() => mapping.Dispose();

    private void Flush(ReadOnlySpan<byte> bytes)
    {
        if (flushCaches)
        {
            CpuCache.FlushRange(bytes);
        }
    }
}
