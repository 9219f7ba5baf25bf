using System.Text;
using Famfs.Devices;
using Famfs.Errors;
using Famfs.Interop;

namespace Famfs.Mounts;

/// <summary>
/// A mount's exclusive claim on its device for one host identity: the mount claims
/// the device as holder, so a second mount of it fails with EBUSY. Implemented as an flock on
/// /run/famfs/mounts/DEVICE-IDENTITY_SYSTEM-UUID.claim, so every path that aliases the device
/// (symlinks, hard links, other /dev names) meets the same claim, the kernel drops it when the
/// daemon dies, even by kill -9, and two "hosts" (system identities) may each mount it once.
/// </summary>
internal sealed class HostClaim : IDisposable
{
    public const string Directory = "/run/famfs/mounts";

    /// <summary>How long <see cref="Acquire"/> retries a taken claim before it reports EBUSY.</summary>
    internal static readonly TimeSpan BusyRetryTime = TimeSpan.FromMilliseconds(200);

    private static readonly TimeSpan BusyRetryInterval = TimeSpan.FromMilliseconds(10);

    private readonly SafeFileDescriptor _fd;

    private HostClaim(SafeFileDescriptor fd, string path)
    {
        _fd = fd;
        FilePath = path;
    }

    /// <summary>The claim file; while claimed it holds the <see cref="MountRecord"/> as JSON.</summary>
    public string FilePath { get; }

    /// <summary>The mount's control socket, beside the claim.</summary>
    public string SocketPath => SocketFor(FilePath);

    /// <summary>
    /// The folder user.famfs.shadow names: it holds the administration socket "sock". Beside the
    /// claim file, so it is as unique as the mount and as private (root's, 0700).
    /// </summary>
    public string AdminFolder => AdminFolderFor(FilePath);

    internal static string SocketFor(string claimPath) => System.IO.Path.ChangeExtension(claimPath, ".sock");

    /// <summary>The daemon's log for the mount <paramref name="claimPath"/> claims: kept after the mount ends, for a failed mount's reason.</summary>
    internal static string LogFor(string claimPath) => System.IO.Path.ChangeExtension(claimPath, ".log");

    /// <summary>The daemon logs every host's mounts of <paramref name="device"/> left here.</summary>
    internal static List<string> LogsOf(DeviceIdentity device) => ClaimFiles($"{Prefix(device)}*.log");

    internal static string AdminFolderFor(string claimPath) => System.IO.Path.ChangeExtension(claimPath, ".shadow");

    public static string PathFor(DeviceIdentity device, Guid systemUuid) =>
        System.IO.Path.Combine(Directory, $"{Prefix(device)}{systemUuid}.claim");

    /// <summary>The live mounts of <paramref name="device"/> on this machine, whatever host identity made them.</summary>
    public static IEnumerable<MountRecord> MountsOf(DeviceIdentity device) => LiveRecordsMatching($"{Prefix(device)}*.claim");

    private static IEnumerable<MountRecord> LiveRecordsMatching(string pattern) =>
        ClaimFiles(pattern).Where(IsHeld).Select(Read).OfType<MountRecord>();

    /// <summary>The claim files, or none when the directory is missing or this user may not list it.</summary>
    internal static List<string> ClaimFiles(string pattern)
    {
        try
        {
            return System.IO.Directory.Exists(Directory) ? [.. System.IO.Directory.EnumerateFiles(Directory, pattern)] : [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>
    /// Whether this process may read the mount records (they are root's, 0600): when it may not,
    /// <see cref="LiveRecords"/> finds none, whatever is mounted.
    /// </summary>
    public static bool RecordsReadable()
    {
        try
        {
            if (!System.IO.Directory.Exists(Directory))
            {
                return true;
            }

            foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*.claim"))
            {
                var fd = Libc.Open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC, 0);
                if (fd < 0)
                {
                    if (Libc.LastErrno is Errno.EACCES or Errno.EPERM)
                    {
                        return false;
                    }

                    continue;
                }

                Libc.Close(fd);
            }

            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string Prefix(DeviceIdentity device) => $"{device.Kind}-{device.Major}-{device.Minor}-{device.Inode}_";

    /// <summary>Claims <paramref name="device"/> for <paramref name="systemUuid"/>, or throws EBUSY naming the existing mount.</summary>
    public static HostClaim Acquire(DeviceIdentity device, Guid systemUuid, string devicePath)
    {
        System.IO.Directory.CreateDirectory(Directory);
        StaleClaims.Remove();
        var path = PathFor(device, systemUuid);
        // A sweep (another mount's, or a daemon leaving) may unlink the file between our open and
        // our lock: that lock guards a file nobody will open again, so open the path anew.
        for (var attempt = 0; ; attempt++)
        {
            var handle = OpenClaim(path);
            if (!TryLockExclusive(handle, out var errno))
            {
                handle.Dispose();
                throw errno == Errno.EAGAIN ? Busy(path, devicePath) : NativeErrors.ForErrno(errno, $"lock claim file {path}");
            }

            if (IsSameFile(handle, path))
            {
                return new HostClaim(handle, path);
            }

            handle.Dispose();
            if (attempt == 10)
            {
                throw new FamfsException(Errno.EAGAIN, $"claim file {path} was replaced under every attempt to lock it", "mount again");
            }
        }
    }

    private static SafeFileDescriptor OpenClaim(string path)
    {
        var fd = Libc.Open(path, OpenFlags.O_RDWR | OpenFlags.O_CREAT | OpenFlags.O_CLOEXEC, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return fd < 0 ? throw NativeErrors.ForLastError($"open claim file {path}") : new SafeFileDescriptor(fd);
    }

    private static FamfsException Busy(string path, string devicePath)
    {
        var holder = Read(path);
        return new FamfsException(Errno.EBUSY,
            holder is null
                ? $"memory device {devicePath} is already claimed by another famfs mount on this host"
                : $"memory device {devicePath} is already mounted at {holder.MountPoint} by this host (daemon pid {holder.DaemonPid})",
            "unmount it first (famfs umount MOUNTPOINT), or mount as another host identity");
    }

    /// <summary>Whether the descriptor still is the file at <paramref name="path"/> (not unlinked or replaced since it was opened).</summary>
    internal static bool IsSameFile(SafeFileDescriptor fd, string path) =>
        Libc.Statx(fd.Fd, string.Empty, StatxFlags.AT_EMPTY_PATH, StatxMask.STATX_BASIC_STATS, out var held) == 0
        && Libc.Statx(Libc.AT_FDCWD, path, StatxFlags.AT_NONE, StatxMask.STATX_BASIC_STATS, out var named) == 0
        && held.stx_ino == named.stx_ino && held.stx_dev_major == named.stx_dev_major && held.stx_dev_minor == named.stx_dev_minor;

    /// <summary>
    /// Takes the exclusive flock, retrying for about <see cref="BusyRetryTime"/> while it is
    /// taken: <see cref="IsHeld"/> (famfs mount listings, other CLI commands) probes by briefly
    /// holding LOCK_SH, which must not make a mount fail with EBUSY. A daemon holding the claim
    /// keeps it far longer than that, so a claim still taken after the retries is a real one.
    /// </summary>
    private static bool TryLockExclusive(SafeFileDescriptor handle, out Errno errno)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (Libc.Flock(handle, FlockOperation.LOCK_EX | FlockOperation.LOCK_NB) == 0)
            {
                errno = Errno.None;
                return true;
            }

            errno = Libc.LastErrno;
            if (errno == Errno.EINTR)
            {
                continue;
            }

            if (errno != Errno.EAGAIN || clock.Elapsed >= BusyRetryTime)
            {
                return false;
            }

            Thread.Sleep(BusyRetryInterval);
        }
    }

    /// <summary>Whether a live daemon holds the claim (the flock is taken).</summary>
    public static bool IsHeld(string path)
    {
        var fd = Libc.Open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC, 0);
        if (fd < 0)
        {
            return false;
        }

        using var handle = new SafeFileDescriptor(fd);
        if (Libc.Flock(handle, FlockOperation.LOCK_SH | FlockOperation.LOCK_NB) != 0)
        {
            return true;
        }

        Libc.Flock(handle, FlockOperation.LOCK_UN);
        return false;
    }

    /// <summary>The record in a claim file, or null when there is none.</summary>
    /// <remarks>Read with open(2)/pread(2): .NET's File APIs take flock locks of their own on Unix and would fail on a held claim.</remarks>
    public static MountRecord? Read(string path)
    {
        var fd = Libc.Open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC, 0);
        if (fd < 0)
        {
            return null;
        }

        using var handle = new SafeFileDescriptor(fd);
        var buffer = new byte[64 * 1024];
        var n = Libc.Pread(handle, buffer, 0);
        return n > 0 ? MountRecord.FromJson(Encoding.UTF8.GetString(buffer, 0, (int)n)) : null;
    }

    /// <summary>Every live mount record on this host.</summary>
    public static IEnumerable<MountRecord> LiveRecords() => LiveRecordsMatching("*.claim");

    /// <summary>Publishes <paramref name="record"/> in the claim file.</summary>
    public void Publish(MountRecord record)
    {
        var bytes = Encoding.UTF8.GetBytes(record.ToJson());
        NativeErrors.Check(Libc.Ftruncate(_fd, 0), $"truncate the mount claim {FilePath}");
        var written = NativeErrors.Check(Libc.Pwrite(_fd, bytes, 0), $"write the mount claim {FilePath}");
        if (written != bytes.Length)
        {
            throw new FamfsException(Errno.EIO, $"write the mount claim {FilePath}: {written} of {bytes.Length} bytes written");
        }
    }

    /// <summary>
    /// Removes the claim while still holding it: a mount racing for the same claim then holds a
    /// lock on an unlinked file, which <see cref="Acquire"/> notices and opens the path again.
    /// </summary>
    public void Dispose()
    {
        Libc.Ftruncate(_fd, 0);
        File.Delete(FilePath);
        _fd.Dispose();
    }
}
