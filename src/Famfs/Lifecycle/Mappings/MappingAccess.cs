using System.Runtime.CompilerServices;
using Famfs.Errors;

namespace Famfs.Lifecycle;

/// <summary>
/// A read section on one <see cref="MappingHandle"/>: zero-copy spans of the mapped memory,
/// valid until this is disposed. Do not keep the spans (or pointers made from them) past
/// Dispose: a revocation may make the memory inaccessible right after.
/// </summary>
internal readonly unsafe ref struct MappingAccess
{
    private readonly MappingHandle _mapping;
    private readonly ReadSection _section;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal MappingAccess(MappingHandle mapping, ReadSection section)
    {
        _mapping = mapping;
        _section = section;
    }

    public ulong Length => _mapping.Range.Bytes;

    /// <summary>A read-only view of [offset, offset + length) of the mapping.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Read(ulong offset, int length) => new((void*)Pointer(offset, length), length);

    /// <summary>A writable view of [offset, offset + length) of the mapping.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> Write(ulong offset, int length)
    {
        if (!_mapping.Writable)
        {
            ThrowReadOnly();
        }

        return new Span<byte>((void*)Pointer(offset, length), length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Dispose() => _section.Dispose();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private nint Pointer(ulong offset, int length)
    {
        var size = _mapping.Range.Bytes;
        if (length < 0 || offset > size || (ulong)length > size - offset)
        {
            ThrowOutOfRange(offset, length);
        }

        return _mapping.Address + (nint)offset;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowOutOfRange(ulong offset, int length) => throw new ArgumentOutOfRangeException(nameof(offset),
        $"[{offset}, {offset + (ulong)Math.Max(length, 0)}) is outside the {_mapping.Range.Length}-byte {_mapping}");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowReadOnly() => throw new FamfsException(Errno.EROFS, $"{_mapping} is read-only");
}
