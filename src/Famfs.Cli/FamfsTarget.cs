using Famfs.Errors;
using Famfs.Hosting;
using Famfs.Files;
using Famfs.Mounts;
using Famfs.Namespace;

namespace Famfs.Cli;

/// <summary>
/// The file system a command works on and how its paths are read: with --device, paths are
/// relative to the file system's root; without, they are paths inside a famfs mount point and
/// the device comes from the mount. After a change on a mount, the daemon is told to play the
/// log so the new files show at once. Files are found, opened and created for <see cref="Caller"/>:
/// a user who may open the device still gets only what each file's mode, uid and gid allow it.
/// </summary>
internal sealed class FamfsTarget : IDisposable
{
    private FamfsTarget(FamfsFileSystem fs, MountRecord? mount)
    {
        FileSystem = fs;
        Mount = mount;
    }

    public FamfsFileSystem FileSystem { get; }

    /// <summary>The mount the paths are in, or null with --device.</summary>
    public MountRecord? Mount { get; }

    /// <summary>Who runs the command; judged as the kernel judges it through a mount.</summary>
    public Caller Caller { get; } = Caller.Current();

    public static FamfsTarget Open(string? device, string samplePath, bool readOnly)
    {
        if (device is not null)
        {
            return new FamfsTarget(FamfsFileSystem.Open(device, OptionsFor(readOnly)), null);
        }

        var mount = FamfsMountTable.Containing(samplePath) ?? throw FamfsMountTable.NoLiveMount(samplePath);
        return new FamfsTarget(FamfsFileSystem.Open(mount.DevicePath, OptionsFor(readOnly)), mount);
    }

    /// <summary>
    /// How a command opens a file system. A command is a short visit: it writes its host's
    /// heartbeat when it opens and promises a 1 s interval, so with no mount of the host keeping
    /// the slot live, `famfs hosts` shows the host stale 5 s after its last command (3 × 1 s + 2 s).
    /// While the host's mount is live, a command joins its slot and leaves the mount's promise.
    /// </summary>
    public static FileSystemOptions OptionsFor(bool readOnly) => HostEnvironment.FileSystemOptions(readOnly) with { HeartbeatInterval = TimeSpan.FromSeconds(1) };

    /// <summary>The path inside the file system for a path given on the command line.</summary>
    public string Relative(string path)
    {
        if (Mount is null)
        {
            return path;
        }

        // Resolved as the mount point was (symbolic links followed); a trailing '/' still says "a directory".
        var full = FamfsMountTable.Resolve(path) + (path.EndsWith('/') ? "/" : string.Empty);
        var root = Mount.MountPoint.TrimEnd('/');
        if (full != root && !full.StartsWith(root + "/", StringComparison.Ordinal))
        {
            throw new FamfsException(Errno.EINVAL, $"'{path}' is not inside the famfs mount at {Mount.MountPoint}", "give paths in one famfs file system");
        }

        return full[root.Length..].TrimStart('/');
    }

    /// <summary>
    /// The node at <paramref name="path"/> (relative), or null; EACCES when a directory on the
    /// way may not be searched, or when it is a file the caller may not use as <paramref name="wanted"/>.
    /// </summary>
    public FsNode? Find(string path, AccessRights wanted = AccessRights.None)
    {
        var node = FileSystem.Find(path, Caller);
        return node is FsFile && !Access.Allows(node, Caller, wanted) ? throw Access.Denied(node, Caller, wanted) : node;
    }

    /// <summary>Opens file <paramref name="path"/> (relative) if the caller may read it (and write it, when <paramref name="writable"/>).</summary>
    public FamfsFile OpenFile(string path, bool writable = false) => FileSystem.OpenFile(path, writable, Caller);

    /// <summary>Refuses (EACCES) creating <paramref name="path"/> (relative) in a directory the caller may not write.</summary>
    public void DemandCreate(string path) => FileSystem.DemandCreate(path, Caller);

    /// <summary>
    /// Whether <paramref name="path"/> (relative) is one of the mount's own files, .meta/.superblock
    /// or .meta/.log (they are not in the log); only root may reach them, as through the mount.
    /// </summary>
    public bool IsMetaFile(string path)
    {
        var normalized = FamfsFileSystem.Normalize(path);
        if (normalized is not (".meta/.superblock" or ".meta/.log"))
        {
            return false;
        }

        return Caller.IsRoot ? true : throw new FamfsException(Errno.EACCES, $"'{normalized}' is root's", "run as root");
    }

    /// <summary>Tells the mount's daemon to play the log now (after this command created something).</summary>
    public void NotifyMount()
    {
        if (Mount is null)
        {
            return;
        }

        try
        {
            ControlChannel.Request(Mount.ControlSocket, "logplay", TimeSpan.FromSeconds(10));
        }
        catch (FamfsException e)
        {
            // What was created is logged and safe; only showing it at once failed.
            Console.Error.WriteLine($"famfs: warning: the mount at {Mount.MountPoint} did not play the log now ({e.Message}); new files show at its next poll");
        }
    }

    /// <summary>Prints the file system's notes (e.g. no shared host area), one "famfs COMMAND: note: …" line each, on stderr.</summary>
    public static void PrintNotes(string command, FamfsFileSystem fs)
    {
        foreach (var note in fs.Notes)
        {
            Console.Error.WriteLine($"famfs {command}: note: {note}");
        }
    }

    public void Dispose() => FileSystem.Dispose();
}
