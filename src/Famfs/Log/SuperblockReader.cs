using Famfs.Devices;
using Famfs.Format;

namespace Famfs.Log;

/// <summary>
/// The one place a superblock is read off a device; <see cref="SuperblockCodec"/> below only
/// turns bytes into records, so the format layer does no I/O.
/// </summary>
internal static class SuperblockReader
{
    /// <summary>
    /// Reads the superblock at the start of <paramref name="device"/> (<see cref="MemoryDevice.ReadAt"/>: pread, or a short-lived mapping on device-dax):
    /// the decoded superblock, or null when the device is too small to hold one, and its
    /// problems (empty when valid). Every reader of a superblock starts here.
    /// </summary>
    public static (Superblock? Superblock, IReadOnlyList<string> Problems) Read(MemoryDevice device)
    {
        Span<byte> bytes = stackalloc byte[FormatConstants.SuperblockSize];
        if (device.ReadAt(0, bytes) < bytes.Length)
        {
            return (null, [$"device is {device.Size} bytes, too small to hold a famfs superblock"]);
        }

        var superblock = SuperblockCodec.Decode(bytes);
        return (superblock, SuperblockCodec.Validate(superblock, bytes));
    }
}
