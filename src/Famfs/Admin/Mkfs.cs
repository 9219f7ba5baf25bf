using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Famfs.Devices;
using Famfs.Diagnostics;
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
    /// change meaning. The writes are ordered so that a kill -9 at any point leaves a file system
    /// that opens: the old one, emptied, until the new superblock commits (docs/ARCHITECTURE.md,
    /// "mkfs order"), except for the few stores that rewrite the superblock itself. A device a
    /// kill left without a magic there is formatted again by a plain mkfs, no --force needed.
    /// </summary>
    public static Superblock Format(MemoryDevice device, long logLength, bool force, Guid systemUuid) => logLength >= 0
        ? Format(device, (ulong)logLength, force, systemUuid)
        : throw new FamfsException(Errno.EINVAL, $"log length {logLength} is negative", "use e.g. --loglen 8m, 16m or 32m");

    internal static Superblock Format(MemoryDevice device, ulong logLength, bool force, Guid systemUuid)
    {
        ValidateLogLength(logLength);
        device.RequireSize((long)FormatConstants.MinDeviceSize, "a famfs file system");
        if (FormatConstants.MetadataLength(logLength) + FormatConstants.AllocationUnit > device.SizeBytes)
        {
            throw new FamfsException(Errno.EINVAL,
                $"a {Units.Human(logLength)} log does not fit on {device.Path} ({Units.Human(device.SizeBytes)}) with room for any file",
                "use a smaller --loglen");
        }

        RefuseMounted(device);
        if (!force)
        {
            RefuseExisting(device);
        }

        var superblock = new Superblock
        {
            LogLength = (long)logLength,
            FsUuid = Guid.NewGuid(),
            DeviceUuid = Guid.NewGuid(),
            SystemUuid = systemUuid,
            DeviceSize = device.Size,
            DaxdevPath = device.Path,
        };

        // Everything that can fail (checks, the claim, the mapping) happens before the first
        // byte is written: a refusal or error leaves the old file system exactly as it was.
        using var claim = ClaimWholeDevice(device, "mkfs");
        using var mapping = new DeviceMapping(device, claim.Map(device, new DeviceRange(0, FormatConstants.MetadataLength(logLength)), writable: true));
        EmptyLog(mapping, logLength);
        return WriteSuperblock(mapping, superblock);
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
        using var mapping = new DeviceMapping(device, claim.Map(device, new DeviceRange(0, Math.Min(device.SizeBytes, FormatConstants.SuperblockAreaSize)), writable: true));
        WriteMagic(mapping, 0);
    }

    /// <summary>
    /// Empties the log while the old superblock still stands: one 16-byte store resets both of
    /// the old header's counters (next_seqnum, next_index) at once, so the old file system is
    /// whole or empty, never torn; then every entry slot of the new log is cleared, so no entry
    /// of an earlier file system can be mistaken for a committed one.
    /// </summary>
    private static void EmptyLog(DeviceMapping mapping, ulong logLength)
    {
        mapping.ClearAligned16(FormatConstants.LogOffset + LogHeaderCodec.NextSeqnumOffset);
        mapping.Sync(FormatConstants.LogOffset + LogHeaderCodec.NextSeqnumOffset, 2 * sizeof(ulong));
        CrashPoint.Reach("mkfs.log-emptied");

        // Logs may be larger than a span can cover (2 GiB): clear them in slices.
        const int Slice = 1 << 30;
        var slots = logLength - FormatConstants.LogHeaderSize;
        for (var done = 0UL; done < slots; done += Slice)
        {
            mapping.Write(FormatConstants.LogOffset + FormatConstants.LogHeaderSize + done, (int)Math.Min(Slice, slots - done)).Clear();
        }

        mapping.Sync(FormatConstants.LogOffset, logLength);
        CrashPoint.Reach("mkfs.slots-cleared");
    }

    /// <summary>
    /// Writes the new superblock area and log header behind a cleared magic, then the magic
    /// alone: the commit point of mkfs.
    /// </summary>
    private static Superblock WriteSuperblock(DeviceMapping mapping, Superblock superblock)
    {
        Span<byte> encoded = stackalloc byte[FormatConstants.SuperblockSize];
        SuperblockCodec.Encode(superblock, encoded);
        WriteMagic(mapping, 0);
        var area = mapping.Write(0, checked((int)FormatConstants.SuperblockAreaSize));
        area[sizeof(ulong)..].Clear();
        encoded[sizeof(ulong)..].CopyTo(area[sizeof(ulong)..]);
        LogHeaderCodec.Encode(LogHeader.Empty(superblock.LogBytes), mapping.Write(FormatConstants.LogOffset, FormatConstants.LogHeaderSize));
        mapping.Sync(0, FormatConstants.LogOffset + FormatConstants.LogHeaderSize);
        CrashPoint.Reach("mkfs.magic-cleared");
        WriteMagic(mapping, FormatConstants.SuperblockMagic);
        return SuperblockCodec.Decode(area);
    }

    /// <summary>One aligned 8-byte store of the superblock magic, made durable: a reader sees the old value or the new, never a mix.</summary>
    private static void WriteMagic(DeviceMapping mapping, ulong magic)
    {
        Volatile.Write(ref Unsafe.As<byte, ulong>(ref MemoryMarshal.GetReference(mapping.Write(0, sizeof(ulong)))), magic);
        mapping.Sync(0, sizeof(ulong));
    }

    /// <summary>
    /// A mounted device is never formatted or killed, even with force (as mkfs.xfs refuses a
    /// mounted device): its daemon maps it, and other hosts may be reading it through the mount.
    /// </summary>
    internal static void RefuseMounted(MemoryDevice device)
    {
        if (Mounts.HostClaim.MountsOf(device.Identity).FirstOrDefault() is { } mount)
        {
            throw new FamfsException(Errno.EBUSY, $"{device.Path} is mounted at {mount.MountPoint}",
                $"unmount it first (famfs umount {mount.MountPoint})");
        }
    }

    internal static void ValidateLogLength(ulong logLength)
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
        var (existing, problems) = SuperblockReader.Read(device);
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
