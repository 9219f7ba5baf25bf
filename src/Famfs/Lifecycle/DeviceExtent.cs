using Famfs.Devices;

namespace Famfs.Lifecycle;

/// <summary>One device range covered by a file: which device, which bytes.</summary>
public readonly record struct DeviceExtent(DeviceIdentity Device, DeviceRange Range)
{
    public override string ToString() => $"{Device} {Range}";
}
