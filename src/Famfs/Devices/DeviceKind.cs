namespace Famfs.Devices;

/// <summary>What backs a memory device.</summary>
public enum DeviceKind
{
    /// <summary>A device-dax character device such as /dev/dax0.0.</summary>
    DaxCharDevice,

    /// <summary>A pmem (or other) block device such as /dev/pmem0.</summary>
    BlockDevice,

    /// <summary>A regular file, e.g. in /dev/shm: the embedded default on one machine.</summary>
    RegularFile,
}
