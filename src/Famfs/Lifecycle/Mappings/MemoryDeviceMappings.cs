using Famfs.Devices;
using Famfs.Errors;

namespace Famfs.Lifecycle;

/// <summary>Tracked raw mappings of a <see cref="MemoryDevice"/> (see <see cref="RawDeviceView"/>).</summary>
internal static class MemoryDeviceMappings
{
    /// <summary>
    /// Maps [offset, offset + length) of the device, shared, read-only or read-write
    /// (read-write needs a device opened writable), as a tracked raw view: claims and memory
    /// failures over the range revoke it (see <see cref="DeviceMapping"/>). A lifetime-managed view,
    /// so it lives in this layer rather than in Devices, which knows nothing of lifetimes.
    /// </summary>
    /// <param name="purpose">What the view is for, e.g. "famfs metadata"; it names the view in errors.</param>
    public static DeviceMapping Map(this MemoryDevice device, ulong offset, ulong length, bool writable, string purpose = "raw view")
    {
        if (writable && !device.Writable)
        {
            throw new InvalidOperationException($"{device.Path} was opened read-only; open it writable to map it writable");
        }

        if (length == 0 || offset > device.SizeBytes || length > device.SizeBytes - offset)
        {
            throw new FamfsException(Errno.EINVAL,
                $"range [{offset}, {offset + length}) is outside memory device {device.Path} ({device.Size} bytes)");
        }

        return new DeviceMapping(device, RawDeviceView.Map(device, new DeviceRange(offset, length), writable, purpose));
    }
}
