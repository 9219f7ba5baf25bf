namespace Famfs.Devices;

/// <summary>What backs a memory device. It decides which primitive each device operation uses (docs/ARCHITECTURE.md, "Device kinds").</summary>
public enum DeviceKind
{
    /// <summary>
    /// A device-dax character device such as /dev/dax0.0: memory reached only by mapping it, in
    /// multiples of its alignment. It has no read, write or fsync, and no page cache to sync.
    /// </summary>
    DaxCharDevice,

    /// <summary>A pmem (or other) block device such as /dev/pmem0: mapped through the page cache, which msync writes back.</summary>
    BlockDevice,

    /// <summary>A regular file, e.g. in /dev/shm: the embedded default on one machine.</summary>
    RegularFile,
}

/// <summary>Names of device kinds for messages.</summary>
internal static class DeviceKindNames
{
    /// <summary>How errors name the kind, e.g. "device-dax device".</summary>
    public static string Describe(this DeviceKind kind) => kind switch
    {
        DeviceKind.DaxCharDevice => "device-dax device",
        DeviceKind.BlockDevice => "block device",
        _ => "regular-file device",
    };
}
