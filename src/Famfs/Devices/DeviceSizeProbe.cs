using System.Globalization;
using Famfs.Errors;

namespace Famfs.Devices;

/// <summary>Device sizes and alignments as the kernel reports them in sysfs.</summary>
internal static class DeviceSizeProbe
{
    /// <summary>The alignment device-dax had before it was a per-device attribute: its regions' huge-page size.</summary>
    private const ulong DefaultDaxAlignment = 2 * 1024 * 1024;

    /// <summary>A device-dax size, in bytes, from /sys/dev/char/MAJ:MIN/size.</summary>
    public static ulong DaxSize(string path, uint major, uint minor)
    {
        var sysfs = $"/sys/dev/char/{major}:{minor}/size";
        return ReadNumber(sysfs, path) ?? throw new FamfsException(Errno.ENODEV,
            $"{path} is a character device but not a device-dax device ({sysfs} is missing)",
            "give a /dev/daxX.Y device, a pmem block device or a regular file");
    }

    /// <summary>
    /// The device-dax alignment, in bytes: every mapping's offset and length must be a multiple
    /// of it (the driver refuses others with EINVAL). /sys/dev/char/MAJ:MIN/align since Linux
    /// 5.10; before that the region's align, and 2 MiB when neither is there.
    /// </summary>
    public static ulong DaxAlignment(string path, uint major, uint minor)
    {
        var device = $"/sys/dev/char/{major}:{minor}";
        var align = ReadNumber($"{device}/align", path) ?? ReadNumber($"{device}/device/dax_region/align", path) ?? DefaultDaxAlignment;
        return align > 0 && ulong.IsPow2(align) ? align : throw new FamfsException(Errno.EIO,
            $"{device}/align of {path} says {align}, not a power of two", "check the dax device's configuration (daxctl list)");
    }

    /// <summary>A block device size, in bytes, from /sys/class/block/NAME/size (512-byte sectors).</summary>
    public static ulong BlockSize(string path, uint major, uint minor)
    {
        var sysfs = $"/sys/dev/block/{major}:{minor}/size";
        var sectors = ReadNumber(sysfs, path) ?? throw new FamfsException(Errno.ENODEV,
            $"cannot read the size of block device {path} ({sysfs} is missing)");
        return sectors * 512;
    }

    private static ulong? ReadNumber(string sysfsPath, string devicePath)
    {
        if (!File.Exists(sysfsPath))
        {
            return null;
        }

        var text = File.ReadAllText(sysfsPath).Trim();
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FamfsException(Errno.EIO, $"{sysfsPath} of {devicePath} holds '{text}', not a size");
    }
}
