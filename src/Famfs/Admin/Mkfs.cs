using Famfs.Devices;
using Famfs.Errors;
using Famfs.Format;
using Famfs.Lifecycle;
using Famfs.Log;

namespace Famfs.Admin;

/// <summary>Creates (or destroys) a famfs file system on a memory device, as mkfs.famfs does.</summary>
public static class Mkfs
{
    /// <summary>
    /// Formats <paramref name="device"/> with this host as master. Refuses a device that holds
    /// a famfs superblock (valid, or of another version) unless <paramref name="force"/>.
    /// The whole device is claimed exclusively first: every mapping this process holds of it
    /// (open files, metadata views) is revoked, because the bytes under them are about to
    /// change meaning. The superblock is written last, so a crash part-way leaves no half-made file system.
    /// </summary>
    public static Superblock Format(MemoryDevice device, ulong logLength, bool force, Guid systemUuid)
    {
        ValidateLogLength(logLength);
        device.RequireSize(FormatConstants.MinDeviceSize, "a famfs file system");
        if (FormatConstants.MetadataLength(logLength) + FormatConstants.AllocationUnit > device.Size)
        {
            throw new FamfsException(Errno.EINVAL,
                $"a {Units.Human(logLength)} log does not fit on {device.Path} ({Units.Human(device.Size)}) with room for any file",
                "use a smaller --loglen");
        }

        RefuseMounted(device);
        if (!force)
        {
            RefuseExisting(device);
        }

        var superblock = new Superblock
        {
            LogLength = logLength,
            FsUuid = Guid.NewGuid(),
            DeviceUuid = Guid.NewGuid(),
            SystemUuid = systemUuid,
            DeviceSize = device.Size,
            DaxdevPath = device.Path,
        };

        using var claim = ClaimWholeDevice(device, "mkfs");
        using var mapping = new DeviceMapping(device, claim.Map(device, new DeviceRange(0, FormatConstants.MetadataLength(logLength)), writable: true));
        // Invalidate any old superblock first: from here until the end, the device holds no file system.
        mapping.Write(0, FormatConstants.SuperblockSize).Clear();
        mapping.Sync(0, FormatConstants.SuperblockSize);

        // Logs may be larger than a span can cover (2 GiB): clear them in slices, header last.
        const int Slice = 1 << 30;
        for (var done = 0UL; done < logLength; done += Slice)
        {
            mapping.Write(FormatConstants.LogOffset + done, (int)Math.Min(Slice, logLength - done)).Clear();
        }

        LogHeaderCodec.Encode(LogHeader.Empty(logLength), mapping.Write(FormatConstants.LogOffset, FormatConstants.LogHeaderSize));
        mapping.Sync(FormatConstants.LogOffset, logLength);

        var area = mapping.Write(0, checked((int)FormatConstants.SuperblockAreaSize));
        area.Clear();
        SuperblockCodec.Encode(superblock, area);
        mapping.Sync(0, FormatConstants.SuperblockAreaSize);

        return SuperblockCodec.Decode(area);
    }

    /// <summary>Destroys the file system on <paramref name="device"/> by zeroing the superblock magic (mkfs -k); revokes this process's mappings of it first.</summary>
    public static void Kill(MemoryDevice device)
    {
        if (device.Size < FormatConstants.SuperblockSize)
        {
            throw new FamfsException(Errno.EINVAL, $"{device.Path} is {device.Size} bytes: it holds no famfs superblock to destroy");
        }

        RefuseMounted(device);
        using var claim = ClaimWholeDevice(device, "mkfs --kill");
        using var mapping = new DeviceMapping(device, claim.Map(device, new DeviceRange(0, Math.Min(device.Size, FormatConstants.SuperblockAreaSize)), writable: true));
        mapping.Write(0, sizeof(ulong)).Clear();
        mapping.Sync(0, sizeof(ulong));
    }

    /// <summary>
    /// A mounted device is never formatted or killed, even with force (as mkfs.xfs refuses a
    /// mounted device): its daemon maps it, and other hosts may be reading it through the mount.
    /// </summary>
    public static void RefuseMounted(MemoryDevice device)
    {
        if (Mounts.HostClaim.MountsOf(device.Identity).FirstOrDefault() is { } mount)
        {
            throw new FamfsException(Errno.EBUSY, $"{device.Path} is mounted at {mount.MountPoint}",
                $"unmount it first (famfs umount {mount.MountPoint})");
        }
    }

    public static void ValidateLogLength(ulong logLength)
    {
        if (logLength < FormatConstants.MinLogLength || !ulong.IsPow2(logLength))
        {
            throw new FamfsException(Errno.EINVAL,
                $"log length {logLength} ({Units.Human(logLength)}) is invalid: it must be a power of 2 of at least 8 MiB",
                "use e.g. --loglen 8m, 16m or 32m");
        }
    }

    /// <summary>Exclusive claim of the whole device, held while it is rewritten (EBUSY if someone in this process holds a claim on it).</summary>
    private static DeviceClaim ClaimWholeDevice(MemoryDevice device, string claimant) =>
        DeviceRangeIndex.For(device).Claim(new DeviceRange(0, device.Size), exclusive: true, $"{claimant} of {device.Path}");

    private static void RefuseExisting(MemoryDevice device)
    {
        var (existing, problems) = SuperblockCodec.Read(device);
        if (existing is null || existing.Magic != FormatConstants.SuperblockMagic)
        {
            return;
        }

        var valid = problems.Count == 0;
        throw new FamfsException(Errno.EEXIST,
            valid
                ? $"{device.Path} already holds famfs file system {existing.FsUuid} (master {existing.SystemUuid})"
                : $"{device.Path} holds a famfs superblock that is damaged or of another version ({existing.Version})",
            "use -f/--force to destroy it and format anyway");
    }
}
