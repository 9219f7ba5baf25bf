using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Famfs.Allocation;
using Famfs.Errors;
using Famfs.Lifecycle;
using Famfs.Namespace;

namespace Famfs.Files;

/// <summary>
/// An open famfs file: reads and writes go straight to device memory. Each extent (each strip,
/// for an interleaved file) is its own mapping, made through the file's <see cref="AddressSpace"/>,
/// so a file's mappings can be revoked alone (revoke, exclusive claim, memory failure); after
/// that every accessor throws <see cref="MappingRevokedException"/>.
/// A single-extent file is one contiguous view; otherwise use <see cref="GetReadOnlySpan"/> on
/// ranges within one extent/chunk, or <see cref="Read"/>/<see cref="Write"/>, which follow the map.
/// Writes never change the size: a file holds exactly the bytes it was created with.
/// </summary>
public sealed class FamfsFile : IDisposable
{
    private readonly MappingHandle?[] _mappings;

    internal FamfsFile(FamfsFileSystem fileSystem, FsFile node, AddressSpace space, bool writable)
    {
        if (writable && fileSystem.Options.ReadOnly)
        {
            throw new FamfsException(Errno.EROFS, $"cannot open '{node.Path}' for writing: the file system was opened read-only");
        }

        FileSystem = fileSystem;
        Node = node;
        Space = space;
        Writable = writable;
        var extents = node.Map.DeviceExtents;
        _mappings = new MappingHandle?[extents.Count];
        try
        {
            for (var i = 0; i < extents.Count; i++)
            {
                _mappings[i] = extents[i].Length == 0 ? null : space.Map(fileSystem.Device, extents[i].Offset, extents[i].Length, writable);
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

    /// <summary>The file's lifecycle object: revoking it revokes this and every other open of the file in its file system.</summary>
    public AddressSpace Space { get; }

    /// <summary>The file's size in bytes: reads and writes stop here.</summary>
    public long Length => (long)Node.Size;

    public bool Writable { get; }

    /// <summary>Whether any of the file's mappings was revoked (accessors then throw <see cref="MappingRevokedException"/>).</summary>
    public bool IsRevoked => Array.Exists(_mappings, mapping => mapping is { IsRevoked: true });

    /// <summary>
    /// Enters a read section over the whole file: the revocation-safe zero-copy API (see
    /// <see cref="FamfsFileAccess"/>). Dispose it promptly (<c>using</c>).
    /// </summary>
    /// <exception cref="MappingRevokedException">the file's mappings were revoked.</exception>
    public FamfsFileAccess Access()
    {
        var section = ReaderEpoch.Enter();
        try
        {
            foreach (var mapping in _mappings)
            {
                mapping?.ThrowIfUnusable();
            }
        }
        catch
        {
            section.Dispose();
            throw;
        }

        return new FamfsFileAccess(this, section);
    }

    /// <summary>Copies up to destination.Length bytes from <paramref name="offset"/>; returns how many (0 at the end).</summary>
    /// <remarks>One read section covers the whole copy, so its cost is per call, not per byte.</remarks>
    public int Read(long offset, Span<byte> destination)
    {
        using var access = Access();
        return access.CopyTo(offset, destination);
    }

    /// <summary>
    /// Writes all of <paramref name="source"/> at <paramref name="offset"/>; it must fit inside the
    /// file. Other hosts see it: the bytes are written back to memory (when caches are flushed)
    /// and the file's write generation is bumped (see <see cref="Publish"/>).
    /// </summary>
    public void Write(long offset, ReadOnlySpan<byte> source)
    {
        WriteUnpublished(offset, source);
        FileSystem.PublishWrite(Node);
    }

    /// <summary>
    /// Tells every host that this file changed: writes its processor cache lines back to memory
    /// (when the file system flushes caches, see <see cref="FamfsFileSystem.FlushCaches"/>) and
    /// bumps its write generation in the shared host area, so mounts on other hosts drop the pages
    /// they cached. <see cref="Write"/>, <see cref="AsStream"/> and famfs cp do it themselves;
    /// bytes written through <see cref="GetSpan"/> are invisible to other hosts' caches until this
    /// is called. Without a shared host area only the write-back happens.
    /// </summary>
    public void Publish()
    {
        if (!Writable)
        {
            throw new FamfsException(Errno.EBADF, $"'{Path}' was opened read-only: there is nothing to publish");
        }

        if (FileSystem.FlushCaches)
        {
            FlushProcessorCaches();
        }

        FileSystem.PublishWrite(Node);
    }

    /// <summary>Writes <paramref name="source"/> at <paramref name="offset"/> and writes its cache lines back (when flushing), without bumping the generation.</summary>
    internal void WriteUnpublished(long offset, ReadOnlySpan<byte> source)
    {
        using var access = Access();
        access.CopyFrom(offset, source);
        if (!FileSystem.FlushCaches)
        {
            return;
        }

        for (var done = 0; done < source.Length;)
        {
            var piece = Piece(offset + done, source.Length - done, writable: false);
            Interop.CpuCache.FlushRange(piece);

            done += piece.Length;
        }
    }

    /// <summary>
    /// A zero-copy view of [offset, offset + length); the range must be contiguous on the device.
    /// The span is raw: no read section protects it. It is valid until the file is revoked or
    /// disposed (or its file system is). Used after that it faults rather than read stale or
    /// foreign bytes, for as long as its addresses are held (while its mapping window lives and
    /// 256 window retirements after, see docs/LIFECYCLE.md): reading it in managed code ends the process
    /// with the runtime's fatal-error abort (SIGABRT), from native code with SIGSEGV; neither can be
    /// caught. Code that may race with revocation uses <see cref="Access"/>, which throws
    /// <see cref="MappingRevokedException"/> instead.
    /// </summary>
    public ReadOnlySpan<byte> GetReadOnlySpan(long offset, int length)
    {
        using var access = Access();
        return access.Read(offset, length);
    }

    /// <summary>A writable zero-copy view of [offset, offset + length); raw like <see cref="GetReadOnlySpan(long, int)"/>.</summary>
    public Span<byte> GetSpan(long offset, int length)
    {
        using var access = Access();
        return access.Write(offset, length);
    }

    /// <summary>A zero-copy view of <paramref name="count"/> values of <typeparamref name="T"/> starting at byte <paramref name="offset"/>.</summary>
    public ReadOnlySpan<T> GetReadOnlySpan<T>(long offset, int count) where T : unmanaged =>
        MemoryMarshal.Cast<byte, T>(GetReadOnlySpan(offset, checked(count * Unsafe.SizeOf<T>())));

    /// <summary>How many bytes from <paramref name="offset"/> on are contiguous on the device (a span can cover at most that).</summary>
    public long ContiguousLength(long offset)
    {
        CheckOffset(offset);
        var (_, contiguous) = ExtentResolver.Resolve(Node.Map, (ulong)offset);
        return (long)Math.Min(contiguous, (ulong)(Length - offset));
    }

    /// <summary>Writes back and invalidates the processor cache lines of the whole file (famfs flush).</summary>
    public void FlushProcessorCaches()
    {
        using var access = Access();
        foreach (var mapping in _mappings)
        {
            mapping?.FlushProcessorCaches();
        }
    }

    /// <summary>
    /// Fills the page tables of the whole file in one system call per extent, so that reading
    /// (or, with <paramref name="forWrite"/>, writing) all of it takes no page faults. Worth it
    /// before touching a whole large file: a fault per 4 KiB page costs far more than the copy
    /// in a virtual machine. Best effort: kernels before 5.14 lack it, and nothing changes then.
    /// </summary>
    public void Prefault(bool forWrite)
    {
        foreach (var mapping in _mappings)
        {
            if (mapping is { IsRevoked: false })
            {
                mapping.Populate(forWrite);
            }
        }
    }

    /// <summary>A <see cref="Stream"/> over the file (seekable, fixed length, writable if the file was opened so).</summary>
    public Stream AsStream() => new FamfsFileStream(this);

    /// <summary>Unmaps the file's mappings, with one wait for readers for all of them.</summary>
    public void Dispose() => MappingHandle.DisposeAll([.. _mappings.OfType<MappingHandle>()]);

    internal ReadOnlySpan<byte> Contiguous(long offset, int length, bool writable)
    {
        if (length < 0 || offset < 0 || offset > Length || length > Length - offset)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"[{offset}, {offset + length}) is outside '{Path}' ({Length} bytes)");
        }

        var piece = Piece(offset, length, writable);
        return piece.Length == length ? piece
            : throw new ArgumentException($"[{offset}, {offset + length}) of '{Path}' crosses an extent or chunk boundary at {offset + piece.Length}; use ContiguousLength or Read", nameof(length));
    }

    /// <summary>
    /// The longest device-contiguous view starting at <paramref name="offset"/>, at most
    /// <paramref name="max"/> bytes. Only called inside a read section that found every mapping live.
    /// </summary>
    internal ReadOnlySpan<byte> Piece(long offset, int max, bool writable)
    {
        if (writable && !Writable)
        {
            throw new FamfsException(Errno.EBADF, $"'{Path}' was opened read-only");
        }

        var location = ExtentResolver.Locate(Node.Map, (ulong)offset);
        var length = (int)Math.Min((ulong)max, location.Contiguous);
        return _mappings[location.ExtentIndex]!.UncheckedView(location.OffsetInExtent, length);
    }

    internal int Clamp(long offset, int wanted)
    {
        CheckOffset(offset);
        return (int)Math.Min(wanted, Length - offset);
    }

    internal void CheckFits(long offset, int length)
    {
        if (offset < 0 || offset > Length || length > Length - offset)
        {
            throw new FamfsException(Errno.EFBIG,
                $"writing {length} bytes at offset {offset} of '{Path}' goes past its size of {Length} bytes; famfs files never grow");
        }
    }

    private void CheckOffset(long offset)
    {
        if (offset < 0 || offset > Length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"offset {offset} is outside '{Path}' ({Length} bytes)");
        }
    }
}
