namespace Famfs.Devices;

/// <summary>
/// What makes two paths the same device: the device number for dax and block devices,
/// (filesystem device, inode) for regular files. Symlinks, bind mounts and hard links
/// to one device all yield the same identity.
/// </summary>
public readonly record struct DeviceIdentity(DeviceKind Kind, uint Major, uint Minor, ulong Inode)
{
    public override string ToString() => Kind == DeviceKind.RegularFile
        ? $"file {Major}:{Minor}/ino {Inode}"
        : $"device {Major}:{Minor}";
}
