namespace Famfs.Format;

/// <summary>A simple extent: <see cref="Length"/> bytes at <see cref="Offset"/> of device <see cref="DevIndex"/>.</summary>
internal readonly record struct Extent(ulong DevIndex, ulong Offset, ulong Length)
{
    public ulong End => Offset + Length;
}
