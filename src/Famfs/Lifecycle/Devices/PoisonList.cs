namespace Famfs.Lifecycle;

/// <summary>Poisoned device ranges, kept sorted and merged so overlap tests stay short. Not thread-safe.</summary>
internal sealed class PoisonList
{
    private readonly List<DeviceRange> _ranges = [];

    public IReadOnlyList<DeviceRange> Ranges => [.. _ranges];

    public void Add(DeviceRange range)
    {
        _ranges.Add(range);
        _ranges.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        for (var i = _ranges.Count - 1; i > 0; i--)
        {
            var before = _ranges[i - 1];
            var after = _ranges[i];
            if (after.Offset <= before.End)
            {
                _ranges[i - 1] = new DeviceRange(before.Offset, Math.Max(before.End, after.End) - before.Offset);
                _ranges.RemoveAt(i);
            }
        }
    }

    /// <summary>Takes <paramref name="range"/> out (memory repaired or replaced): what is left of each poisoned range stays.</summary>
    public void Remove(DeviceRange range)
    {
        var left = _ranges.SelectMany(poisoned => poisoned.Without(range)).ToList();
        _ranges.Clear();
        _ranges.AddRange(left);
    }

    public bool Overlaps(DeviceRange range) => _ranges.Exists(poisoned => poisoned.Overlaps(range));
}
