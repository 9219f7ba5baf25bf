using Famfs.Errors;
using Famfs.Interop;

namespace Famfs.Mounts;

/// <summary>
/// famfs FUSE mounts of this host, from /proc/self/mountinfo (reading the kernel's table never
/// sends a request to a daemon, so it cannot hang on a dead one), and the live daemons'
/// records, so the CLI can turn a path inside a mount into (device, path in the file system).
/// </summary>
internal static class FamfsMountTable
{
    public const string FuseType = "fuse.famfs";

    /// <summary>How many symbolic links <see cref="Resolve"/> follows before it calls the path a loop, as the kernel does.</summary>
    private const int MaxLinks = 40;

    /// <summary>The live mount whose mount point contains <paramref name="path"/> (the deepest), or null.</summary>
    public static MountRecord? Containing(string path)
    {
        var full = Resolve(path);
        // The kernel's table first: a path in no famfs mount (a device, most often) needs no
        // look at the records, which costs an open and a flock per claim file.
        if (!Mounts().Any(m => m.Type == FuseType && Contains(m.MountPoint, full)))
        {
            return null;
        }

        return HostClaim.LiveRecords().Where(r => Contains(r.MountPoint, full)).MaxBy(r => r.MountPoint.Length);
    }

    /// <summary>The live mount at exactly <paramref name="mountPoint"/>, or null.</summary>
    public static MountRecord? At(string mountPoint)
    {
        var full = Resolve(mountPoint);
        return HostClaim.LiveRecords().FirstOrDefault(r => r.MountPoint == full);
    }

    /// <summary>
    /// The live mount at <paramref name="path"/> when it is a famfs mount point; null when no famfs
    /// mount is there (it may be a device path). A famfs mount there without a live record
    /// throws <see cref="NoLiveMount"/>'s error: its daemon is gone, or this user may not read the records.
    /// </summary>
    public static MountRecord? LiveAt(string path)
    {
        // A device path is never a mount point: a device or regular file needs no look at the
        // kernel's table, or then (as in Containing) the records.
        if (IsDeviceOrFile(path) || MountedType(path) != FuseType)
        {
            return null;
        }

        return At(path) ?? throw NoLiveMount(path);
    }

    /// <summary>
    /// Whether <paramref name="path"/> is a regular file or a device, as the attributes cached
    /// say (a FUSE mount's daemon, which may hang, is never asked); false when unknown.
    /// </summary>
    private static bool IsDeviceOrFile(string path) =>
        Libc.Statx(Libc.AT_FDCWD, path, StatxFlags.AT_STATX_DONT_SYNC, StatxMask.STATX_TYPE, out var st) == 0
        && (st.stx_mode & Libc.S_IFMT) is Libc.S_IFREG or Libc.S_IFCHR or Libc.S_IFBLK;

    /// <summary>The file-system type mounted at <paramref name="mountPoint"/> (e.g. "fuse.famfs"), or null.</summary>
    public static string? MountedType(string mountPoint)
    {
        var full = Resolve(mountPoint);
        return Mounts().LastOrDefault(m => m.MountPoint == full).Type; // the last one is the one on top
    }

    /// <summary>
    /// Why <paramref name="path"/> has no live mount record (<see cref="Containing"/> was null),
    /// as the error a command reports: not inside a famfs mount at all; inside one whose daemon
    /// is gone (killed: every request fails with ENOTCONN until it is unmounted); or inside a
    /// live one whose record this user may not read (the records are root's).
    /// </summary>
    public static FamfsException NoLiveMount(string path)
    {
        var full = Resolve(path);
        var mountPoint = Mounts().Where(m => m.Type == FuseType && Contains(m.MountPoint, full)).Select(m => m.MountPoint).MaxBy(m => m.Length);
        if (mountPoint is null)
        {
            return new FamfsException(Errno.EINVAL, $"'{path}' is not inside a famfs mount",
                "give a path inside a mounted famfs file system, or name the device with --device");
        }

        if (DaemonGone(mountPoint))
        {
            return DaemonGoneError(mountPoint);
        }

        return HostClaim.RecordsReadable()
            ? new FamfsException(Errno.ENOENT, $"the famfs mount at {mountPoint} has no mount record in {HostClaim.Directory} (it was made by another famfs or in another mount namespace)",
                "name the device with --device")
            : new FamfsException(Errno.EACCES, $"'{path}' is in the famfs mount at {mountPoint}, but this user may not read the mount records in {HostClaim.Directory} (root only)",
                "run the command as root, or name the device with --device");
    }

    /// <summary>Whether the daemon serving the FUSE mount at <paramref name="mountPoint"/> is gone: the kernel then fails every request on it with ENOTCONN.</summary>
    public static bool DaemonGone(string mountPoint) =>
        Libc.Statx(Libc.AT_FDCWD, mountPoint, StatxFlags.AT_NONE, StatxMask.STATX_BASIC_STATS, out _) != 0 && Libc.LastErrno == Errno.ENOTCONN;

    /// <summary>The error for a command given a path in a mount whose daemon is gone.</summary>
    public static FamfsException DaemonGoneError(string mountPoint) =>
        new(Errno.ENOTCONN, $"the daemon of the famfs mount at {mountPoint} is gone", $"famfs umount {mountPoint}, then mount again");

    /// <summary>
    /// <paramref name="path"/> made absolute with every symbolic link in it followed (the kernel
    /// follows them when it mounts, so mountinfo shows the real directory). Links are read with
    /// readlink only, never stat: a mount point whose daemon is dead resolves too. A component
    /// that does not exist or cannot be read is kept as written.
    /// </summary>
    public static string Resolve(string path)
    {
        // Not Path.GetFullPath: it drops "link/.." before the link is followed.
        var absolute = Path.Combine(Environment.CurrentDirectory, path);
        var pending = new Stack<string>(absolute.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var resolved = "/";
        var links = 0;
        while (pending.TryPop(out var component))
        {
            if (component == ".")
            {
                continue;
            }

            if (component == "..")
            {
                resolved = Path.GetDirectoryName(resolved) ?? "/";
                continue;
            }

            var next = Path.Join(resolved, component);
            var target = ReadLink(next);
            if (target is null)
            {
                resolved = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new FamfsException(Errno.ELOOP, $"'{path}' has more than {MaxLinks} symbolic links in a row (a loop)", "give the real directory");
            }

            foreach (var part in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
            {
                pending.Push(part);
            }

            if (target.StartsWith('/'))
            {
                resolved = "/";
            }
        }

        return resolved;
    }

    /// <summary>What the symbolic link at <paramref name="path"/> holds, or null if it is no link or cannot be read.</summary>
    private static string? ReadLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool Contains(string mountPoint, string full) =>
        full == mountPoint || full.StartsWith(mountPoint.TrimEnd('/') + "/", StringComparison.Ordinal);

    /// <summary>Every mount of this process's namespace, bottom to top: (mount point, fstype).</summary>
    private static IEnumerable<(string MountPoint, string? Type)> Mounts()
    {
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            // id parent major:minor root mountpoint options [optional...] - fstype source superoptions
            var fields = line.Split(' ');
            var separator = Array.IndexOf(fields, "-");
            if (separator > 4 && separator + 1 < fields.Length)
            {
                yield return (Unescape(fields[4]), fields[separator + 1]);
            }
        }
    }

    /// <summary>mountinfo escapes space, tab, newline and backslash as \ooo octal.</summary>
    private static string Unescape(string field)
    {
        if (!field.Contains('\\'))
        {
            return field;
        }

        var result = new System.Text.StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length)
            {
                result.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                result.Append(field[i]);
            }
        }

        return result.ToString();
    }
}
