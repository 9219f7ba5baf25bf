using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Famfs.Lifecycle;

namespace Famfs.Files;

/// <summary>
/// A read section over a whole <see cref="FamfsFile"/> (see <see cref="FamfsFile.Access"/>): the
/// revocation-safe, zero-copy way in. Every mapping of the file was live when it was entered,
/// and a revocation waits (bounded) for it to be disposed, so the spans it hands out stay valid
/// until then. Entering costs one thread-static lookup; each span after that costs only the
/// extent lookup, so hot loops enter once and read many times. Do not keep spans past Dispose,
/// and do not revoke, claim or report memory failures from inside it (they wait for readers).
/// </summary>
public readonly ref struct FamfsFileAccess
{
    private readonly FamfsFile _file;
    private readonly ReadSection _section;

    internal FamfsFileAccess(FamfsFile file, ReadSection section)
    {
        _file = file;
        _section = section;
    }

    /// <summary>A read-only view of [offset, offset + length); the range must be contiguous on the device.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Read(long offset, int length) => _file.Contiguous(offset, length, writable: false);

    /// <summary>A writable view of [offset, offset + length); the range must be contiguous on the device.</summary>
    public Span<byte> Write(long offset, int length)
    {
        var view = _file.Contiguous(offset, length, writable: true);
        return MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(view), view.Length);
    }

    /// <summary>Copies up to destination.Length bytes from <paramref name="offset"/>, following the map; returns how many.</summary>
    public int CopyTo(long offset, Span<byte> destination)
    {
        var count = _file.Clamp(offset, destination.Length);
        for (var done = 0; done < count;)
        {
            var piece = _file.Piece(offset + done, count - done, writable: false);
            piece.CopyTo(destination[done..]);
            done += piece.Length;
        }

        return count;
    }

    /// <summary>Copies all of <paramref name="source"/> to <paramref name="offset"/>, following the map; it must fit.</summary>
    public void CopyFrom(long offset, ReadOnlySpan<byte> source)
    {
        _file.CheckFits(offset, source.Length);
        for (var done = 0; done < source.Length;)
        {
            var piece = _file.Piece(offset + done, source.Length - done, writable: true);
            source.Slice(done, piece.Length).CopyTo(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(piece), piece.Length));
            done += piece.Length;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Dispose() => _section.Dispose();
}
