using Famfs.Devices;

namespace Famfs.Lifecycle;

/// <summary>
/// Tracked raw views of a device for code that reads it outside any file: superblock and log
/// readers, the <c>.meta</c> files, tools. They are registered in the device's
/// <see cref="DeviceRangeIndex"/> like file mappings, so claims and memory failures reach them too.
/// </summary>
internal static class RawDeviceView
{
    /// <param name="purpose">What the view is for, e.g. "superblock reader"; it names the view in errors.</param>
    public static MappingHandle Map(MemoryDevice device, DeviceRange range, bool writable, string purpose)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        return MappingHandle.Create(device, range, writable, $"{purpose} of {device.Path}", space: null, claim: null);
    }
}
