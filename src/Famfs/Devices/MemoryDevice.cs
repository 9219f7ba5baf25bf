using Famfs.Errors;
using Famfs.Interop;

namespace Famfs.Devices;

/// <summary>
/// One memory device that holds a famfs file system: a device-dax character device,
/// a pmem block device or a regular file (the embedded default, e.g. in /dev/shm).
/// Owns the open descriptor; hands out shared mappings of byte ranges.
/// </summary>
public sealed partial class MemoryDevice : IDisposable
{
    /// <summary>Mappings are aligned to the famfs allocation unit so huge pages can back them.</summary>
    public const ulong MappingAlignment = 2 * 1024 * 1024;

    /// <summary>rw------- for devices famfs creates.</summary>
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static readonly ulong PageSize = (ulong)Environment.SystemPageSize;

    private MemoryDevice(string path, SafeFileDescriptor descriptor, DeviceDescription description, bool writable)
    {
        Path = path;
        Descriptor = descriptor;
        Kind = description.Kind;
        Size = description.Size;
        MappingGranularity = description.Granularity;
        Writable = writable;
        Identity = description.Identity;
    }

    /// <summary>The path the device was opened by, as given.</summary>
    public string Path { get; }

    public DeviceKind Kind { get; }

    /// <summary>Size in bytes: sysfs for dax and block devices, the length for a regular file.</summary>
    public ulong Size { get; }

    public bool Writable { get; }

    /// <summary>
    /// The unit every mapping of the device is made in: the device-dax alignment (a mapping of
    /// any other offset or length is refused), the page size for files and block devices.
    /// Smaller requests are served from a mapping rounded out to it.
    /// </summary>
    public ulong MappingGranularity { get; }

    public DeviceIdentity Identity { get; }

    internal SafeFileDescriptor Descriptor { get; }

    /// <summary>Opens an existing device: <see cref="FileAccess.Read"/>, or <see cref="FileAccess.ReadWrite"/> (or Write) to change it.</summary>
    public static MemoryDevice Open(string path, FileAccess access) => Open(path, FileAccessChoice.IsWritable(access));

    internal static MemoryDevice Open(string path, bool writable)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        RefuseNonDevice(path);

        // O_NONBLOCK only for the open: should the path become a FIFO after the check, open must
        // not wait for a writer. It is cleared at once (below): reads and writes stay blocking.
        var fd = Libc.Open(path, (writable ? OpenFlags.O_RDWR : OpenFlags.O_RDONLY) | OpenFlags.O_CLOEXEC | OpenFlags.O_NONBLOCK, 0);
        if (fd < 0)
        {
            var errno = Libc.LastErrno;
            throw errno switch
            {
                Errno.ENOENT => new FamfsException(errno, $"memory device {path} does not exist",
                    "give an existing /dev/daxX.Y, /dev/pmemN or file path (mkfs --create SIZE makes a file device)"),
                Errno.EACCES or Errno.EPERM => new FamfsException(errno,
                    $"no permission to open memory device {path} {(writable ? "read-write" : "read-only")}",
                    "run as root or fix the device's permissions"),
                Errno.EISDIR => NotADevice(path, Libc.S_IFDIR),
                _ => NativeErrors.ForErrno(errno, $"open memory device {path}"),
            };
        }

        var descriptor = new SafeFileDescriptor(fd);
        var flags = Libc.Fcntl(fd, Libc.F_GETFL, 0);
        if (flags < 0 || Libc.Fcntl(fd, Libc.F_SETFL, flags & ~(int)OpenFlags.O_NONBLOCK) < 0)
        {
            var error = NativeErrors.ForLastError($"fcntl {path}");
            descriptor.Dispose();
            throw error;
        }

        return FromDescriptor(path, descriptor, writable);
    }

    /// <summary>
    /// Creates a regular-file device of <paramref name="size"/> bytes (sparse: no memory is used
    /// until written) and opens it read-write. An existing file is refused. The file is mode
    /// 0600 whatever the umask: whoever can open the device reads and writes every famfs file
    /// in it, so only its owner (root, for mkfs) may.
    /// </summary>
    public static MemoryDevice CreateFile(string path, long size)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (size < 0)
        {
            throw new FamfsException(Errno.EINVAL, $"cannot create {path} with a negative size ({size} bytes)");
        }

        var fd = Libc.Open(path, OpenFlags.O_RDWR | OpenFlags.O_CREAT | OpenFlags.O_EXCL | OpenFlags.O_CLOEXEC, OwnerOnly);
        if (fd < 0)
        {
            var errno = Libc.LastErrno;
            throw errno switch
            {
                Errno.EEXIST => new FamfsException(errno, $"cannot create {path}: it already exists",
                    "omit --create to format the existing device, or remove it first"),
                Errno.ENOENT => new FamfsException(errno, $"cannot create {path}: its directory does not exist"),
                Errno.EACCES or Errno.EPERM => new FamfsException(Errno.EACCES, $"no permission to create {path}", "run as root or choose another directory"),
                _ => NativeErrors.ForErrno(errno, $"create memory device {path}"),
            };
        }

        var descriptor = new SafeFileDescriptor(fd);
        try
        {
            // The umask may have taken bits from the mode open(2) was given; set it exactly.
            if (Libc.Fchmod(descriptor, OwnerOnly) != 0 || Libc.Ftruncate(descriptor, size) != 0)
            {
                throw NativeErrors.ForLastError($"create memory device {path}");
            }
        }
        catch
        {
            descriptor.Dispose();
            File.Delete(path);
            throw;
        }

        return FromDescriptor(path, descriptor, writable: true);
    }

    /// <summary>Refuses a device smaller than <paramref name="minimum"/> bytes, naming what needs it.</summary>
    public void RequireSize(ulong minimum, string purpose)
    {
        if (Size < minimum)
        {
            throw new FamfsException(Errno.EINVAL,
                $"memory device {Path} is {Size} bytes ({Units.Human(Size)}); {purpose} needs at least {minimum} bytes ({Units.Human(minimum)})",
                "use a larger device");
        }
    }

    /// <summary>
    /// Reads bytes at <paramref name="offset"/>; returns how many were read (fewer at the end).
    /// Files and block devices are read with pread(2); device-dax has no read, so its bytes are
    /// copied out of a mapping. Internal: it sees no claim and no poison, so only the metadata
    /// readers and tools that must read beneath the file system use it; applications read files.
    /// </summary>
    internal unsafe int ReadAt(ulong offset, Span<byte> buffer)
    {
        if (Kind == DeviceKind.DaxCharDevice)
        {
            return ReadThroughMapping(offset, buffer);
        }

        fixed (byte* p = buffer)
        {
            var n = Libc.Pread(Descriptor, p, (nuint)buffer.Length, (long)offset);
            return n >= 0 ? (int)n : throw NativeErrors.ForLastError($"read {Path} at offset {offset}");
        }
    }

    public void Dispose() => Descriptor.Dispose();

    private static MemoryDevice FromDescriptor(string path, SafeFileDescriptor descriptor, bool writable)
    {
        try
        {
            return new MemoryDevice(path, descriptor, Describe(descriptor, path), writable);
        }
        catch
        {
            descriptor.Dispose();
            throw;
        }
    }

    private static DeviceDescription Describe(SafeFileDescriptor descriptor, string path)
    {
        if (Libc.Statx(descriptor.Fd, string.Empty, StatxFlags.AT_EMPTY_PATH, StatxMask.STATX_BASIC_STATS, out var st) != 0)
        {
            throw NativeErrors.ForLastError($"statx {path}");
        }

        switch (st.stx_mode & Libc.S_IFMT)
        {
            case Libc.S_IFREG:
                return new(DeviceKind.RegularFile, st.stx_size, PageSize,
                    new DeviceIdentity(DeviceKind.RegularFile, st.stx_dev_major, st.stx_dev_minor, st.stx_ino));
            case Libc.S_IFCHR:
                return new(DeviceKind.DaxCharDevice, DeviceSizeProbe.DaxSize(path, st.stx_rdev_major, st.stx_rdev_minor),
                    DeviceSizeProbe.DaxAlignment(path, st.stx_rdev_major, st.stx_rdev_minor),
                    new DeviceIdentity(DeviceKind.DaxCharDevice, st.stx_rdev_major, st.stx_rdev_minor, 0));
            case Libc.S_IFBLK:
                return new(DeviceKind.BlockDevice, DeviceSizeProbe.BlockSize(path, st.stx_rdev_major, st.stx_rdev_minor), PageSize,
                    new DeviceIdentity(DeviceKind.BlockDevice, st.stx_rdev_major, st.stx_rdev_minor, 0));
            default:
                throw NotADevice(path, st.stx_mode);
        }
    }

    /// <summary>
    /// Refuses a path that exists but is no kind of memory device before it is opened: opening
    /// a FIFO waits for its other end, forever. A path that cannot be examined is left to open,
    /// which names the problem.
    /// </summary>
    private static void RefuseNonDevice(string path)
    {
        if (Libc.Statx(Libc.AT_FDCWD, path, StatxFlags.AT_NONE, StatxMask.STATX_BASIC_STATS, out var st) == 0
            && (st.stx_mode & Libc.S_IFMT) is not (Libc.S_IFREG or Libc.S_IFCHR or Libc.S_IFBLK))
        {
            throw NotADevice(path, st.stx_mode);
        }
    }

    private static FamfsException NotADevice(string path, ushort mode) => new(Errno.ENODEV,
        $"{path} is {(mode & Libc.S_IFMT) switch
        {
            Libc.S_IFDIR => "a directory",
            Libc.S_IFIFO => "a FIFO (named pipe)",
            Libc.S_IFSOCK => "a socket",
            _ => "not a dax device, block device or regular file",
        }}, not a memory device",
        "give a /dev/daxX.Y, /dev/pmemN or regular file path");

    private readonly record struct DeviceDescription(DeviceKind Kind, ulong Size, ulong Granularity, DeviceIdentity Identity);
}
