namespace Famfs.Lifecycle;

/// <summary>A file touched by a revocation and the parts of it that were cut off.</summary>
internal sealed record InvalidationTarget(AddressSpace Space, IReadOnlyList<DeviceExtent> Extents);
