using System.Runtime.InteropServices;
using Famfs.Allocation;
using Famfs.Devices;
using Famfs.Errors;
using Famfs.Namespace;

namespace Famfs.Files;

/// <summary>
/// An open famfs file: reads and writes go straight to device memory. Each extent (each strip,
/// for an interleaved file) is its own mapping, so a file's mappings can be revoked alone.
/// A single-extent file is one contiguous view; otherwise use <see cref="GetReadOnlySpan"/> on
/// ranges within one extent/chunk, or <see cref="Read"/>/<see cref="Write"/>, which follow the map.
/// Writes never change the size: a file holds exactly the bytes it was created with.
/// </summary>
public sealed class FamfsFile : IDisposable
{
    private readonly DeviceMapping?[] _mappings;

    internal FamfsFile(FamfsFileSystem fileSystem, FsFile node, bool writable)
    {
        if (writable && fileSystem.Options.ReadOnly)
        {
            throw new FamfsException(Errno.EROFS, $"cannot open '{node.Path}' for writing: the file system was opened read-only");
        }

        FileSystem = fileSystem;
        Node = node;
        Writable = writable;
        var extents = node.Map.DeviceExtents;
        _mappings = new DeviceMapping?[extents.Count];
        try
        {
            for (var i = 0; i < extents.Count; i++)
            {
                _mappings[i] = extents[i].Length == 0 ? null : fileSystem.Device.Map(extents[i].Offset, extents[i].Length, writable);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public FamfsFileSystem FileSystem { get; }

    public FsFile Node { get; }

    public string Path => Node.Path;

    /// <summary>The file's size in bytes: reads and writes stop here.</summary>
    public long Length => (long)Node.Size;

    public bool Writable { get; }

    /// <summary>Copies up to destination.Length bytes from <paramref name="offset"/>; returns how many (0 at the end).</summary>
    public int Read(long offset, Span<byte> destination)
    {
        var count = Clamp(offset, destination.Length);
        var done = 0;
        while (done < count)
        {
            var piece = Piece(offset + done, count - done, writable: false);
            piece.CopyTo(destination[done..]);
            done += piece.Length;
        }

        return count;
    }

    /// <summary>Writes all of <paramref name="source"/> at <paramref name="offset"/>; it must fit inside the file.</summary>
    public void Write(long offset, ReadOnlySpan<byte> source)
    {
        if (offset < 0 || offset > Length || source.Length > Length - offset)
        {
            throw new FamfsException(Errno.EFBIG,
                $"writing {source.Length} bytes at offset {offset} of '{Path}' goes past its size of {Length} bytes; famfs files never grow");
        }

        var done = 0;
        while (done < source.Length)
        {
            var piece = Piece(offset + done, source.Length - done, writable: true);
            source.Slice(done, piece.Length).CopyTo(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(piece), piece.Length));
            done += piece.Length;
        }
    }

    /// <summary>A zero-copy view of [offset, offset + length); the range must be contiguous on the device.</summary>
    public ReadOnlySpan<byte> GetReadOnlySpan(long offset, int length) => Contiguous(offset, length, writable: false);

    /// <summary>A writable zero-copy view of [offset, offset + length); the range must be contiguous on the device.</summary>
    public Span<byte> GetSpan(long offset, int length)
    {
        var view = Contiguous(offset, length, writable: true);
        return MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(view), view.Length);
    }

    /// <summary>A zero-copy view of <paramref name="count"/> values of <typeparamref name="T"/> starting at byte <paramref name="offset"/>.</summary>
    public ReadOnlySpan<T> GetReadOnlySpan<T>(long offset, int count) where T : unmanaged =>
        MemoryMarshal.Cast<byte, T>(GetReadOnlySpan(offset, checked(count * System.Runtime.CompilerServices.Unsafe.SizeOf<T>())));

    /// <summary>How many bytes from <paramref name="offset"/> on are contiguous on the device (a span can cover at most that).</summary>
    public long ContiguousLength(long offset)
    {
        CheckOffset(offset);
        var (_, contiguous) = ExtentResolver.Resolve(Node.Map, (ulong)offset);
        return (long)Math.Min(contiguous, (ulong)(Length - offset));
    }

    /// <summary>Writes back and invalidates the processor cache lines of the whole file (famfs flush).</summary>
    public unsafe void FlushProcessorCaches()
    {
        foreach (var mapping in _mappings)
        {
            if (mapping is not null)
            {
                Interop.CpuCache.FlushRange((void*)mapping.Address, (nuint)mapping.Length);
            }
        }
    }

    /// <summary>A <see cref="Stream"/> over the file (seekable, fixed length, writable if the file was opened so).</summary>
    public Stream AsStream() => new FamfsFileStream(this);

    public void Dispose()
    {
        foreach (var mapping in _mappings)
        {
            mapping?.Dispose();
        }
    }

    private ReadOnlySpan<byte> Contiguous(long offset, int length, bool writable)
    {
        if (length < 0 || offset < 0 || offset > Length || length > Length - offset)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"[{offset}, {offset + length}) is outside '{Path}' ({Length} bytes)");
        }

        var piece = Piece(offset, length, writable);
        return piece.Length == length ? piece
            : throw new ArgumentException($"[{offset}, {offset + length}) of '{Path}' crosses an extent or chunk boundary at {offset + piece.Length}; use ContiguousLength or Read", nameof(length));
    }

    /// <summary>The longest device-contiguous view starting at <paramref name="offset"/>, at most <paramref name="max"/> bytes.</summary>
    private ReadOnlySpan<byte> Piece(long offset, int max, bool writable)
    {
        if (writable && !Writable)
        {
            throw new FamfsException(Errno.EBADF, $"'{Path}' was opened read-only");
        }

        var (deviceOffset, contiguous) = ExtentResolver.Resolve(Node.Map, (ulong)offset);
        var length = (int)Math.Min((ulong)max, contiguous);
        var extents = Node.Map.DeviceExtents;
        for (var i = 0; i < extents.Count; i++)
        {
            if (deviceOffset >= extents[i].Offset && deviceOffset < extents[i].End)
            {
                var mapping = _mappings[i]!;
                var within = deviceOffset - extents[i].Offset;
                return writable ? mapping.Write(within, length) : mapping.Read(within, length);
            }
        }

        throw new FamfsException(Errno.EIO, $"'{Path}': file offset {offset} maps to device offset {deviceOffset}, outside its extents");
    }

    private int Clamp(long offset, int wanted)
    {
        CheckOffset(offset);
        return (int)Math.Min(wanted, Length - offset);
    }

    private void CheckOffset(long offset)
    {
        if (offset < 0 || offset > Length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"offset {offset} is outside '{Path}' ({Length} bytes)");
        }
    }
}
