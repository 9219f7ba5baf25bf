namespace Famfs.Lifecycle;

/// <summary>What a notifier callback is told: which part of which file is being cut off, and why.</summary>
public readonly record struct InvalidationRange(AddressSpace Space, DeviceExtent Extent, RevocationReason Reason);
