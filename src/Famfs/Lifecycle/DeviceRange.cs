using System.Globalization;

namespace Famfs.Lifecycle;

/// <summary>A byte range [Offset, Offset + Length) of a memory device.</summary>
public readonly record struct DeviceRange
{
    public DeviceRange(long offset, long length)
    {
        if (offset < 0 || length <= 0 || offset > long.MaxValue - length)
        {
            throw new ArgumentOutOfRangeException(nameof(length),
                $"a device range needs a non-negative offset, at least one byte and must not wrap (offset {offset}, length {length})");
        }

        Offset = offset;
        Length = length;
    }

    /// <summary>The engine's extents and device sizes are unsigned; this takes them unconverted.</summary>
    internal DeviceRange(ulong offset, ulong length)
        : this(offset > long.MaxValue ? -1 : (long)offset, length > long.MaxValue ? -1 : (long)length)
    {
    }

    public long Offset { get; }

    public long Length { get; }

    /// <summary>First byte after the range.</summary>
    public long End => Offset + Length;

    /// <summary>The unsigned twins the engine's extent arithmetic uses.</summary>
    internal ulong Start => (ulong)Offset;

    internal ulong Stop => (ulong)End;

    internal ulong Bytes => (ulong)Length;

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
