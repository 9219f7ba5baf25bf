using System.Globalization;

namespace Famfs.Lifecycle;

/// <summary>A byte range [Offset, Offset + Length) of a memory device.</summary>
public readonly record struct DeviceRange
{
    public DeviceRange(ulong offset, ulong length)
    {
        if (length == 0 || offset + length < offset)
        {
            throw new ArgumentOutOfRangeException(nameof(length),
                $"a device range needs at least one byte and must not wrap (offset {offset}, length {length})");
        }

        Offset = offset;
        Length = length;
    }

    public ulong Offset { get; }

    public ulong Length { get; }

    /// <summary>First byte after the range.</summary>
    public ulong End => Offset + Length;

    public bool Overlaps(DeviceRange other) => Offset < other.End && other.Offset < End;

    public bool Contains(DeviceRange other) => other.Offset >= Offset && other.End <= End;

    /// <summary>The bytes both ranges cover; they must overlap.</summary>
    public DeviceRange Intersect(DeviceRange other)
    {
        var start = Math.Max(Offset, other.Offset);
        return new DeviceRange(start, Math.Min(End, other.End) - start);
    }

    /// <summary>What is left of this range without <paramref name="cut"/>: itself, one piece or two, or nothing.</summary>
    internal IEnumerable<DeviceRange> Without(DeviceRange cut)
    {
        if (!Overlaps(cut))
        {
            return [this];
        }

        var pieces = new List<DeviceRange>(2);
        if (cut.Offset > Offset)
        {
            pieces.Add(new DeviceRange(Offset, cut.Offset - Offset));
        }

        if (cut.End < End)
        {
            pieces.Add(new DeviceRange(cut.End, End - cut.End));
        }

        return pieces;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"[0x{Offset:x}, 0x{End:x})");
}
