namespace Famfs.Fuse;

/// <summary>How a file system is mounted and how long the kernel may cache its answers.</summary>
public sealed record FuseMountOptions
{
    /// <summary>The "device" column of /proc/mounts and df.</summary>
    public string FileSystemName { get; init; } = "fuse";

    /// <summary>The mount type becomes "fuse.{Subtype}".</summary>
    public string Subtype { get; init; } = "fuse";

    /// <summary>Let the kernel check permissions from the mode bits (default_permissions).</summary>
    public bool DefaultPermissions { get; init; } = true;

    /// <summary>Let users other than the mounting one in (allow_other).</summary>
    public bool AllowOther { get; init; }

    /// <summary>Mount read-only (ro): the kernel rejects every change with EROFS before asking us.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>Pass libfuse's -d: it logs every request to stderr.</summary>
    public bool Debug { get; init; }

    /// <summary>How long the kernel may cache attributes (stat) it got from us.</summary>
    public TimeSpan AttributeTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the kernel may cache a name → inode entry it got from us.</summary>
    public TimeSpan EntryTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the kernel may remember that a name does not exist (Lookup returned null).
    /// Zero answers ENOENT and caches nothing.
    /// </summary>
    public TimeSpan NegativeEntryTimeout { get; init; }

    /// <summary>Serve READDIRPLUS (listings with attributes); see <see cref="DirectoryWriter.IsPlus"/>.</summary>
    public bool ReadDirPlus { get; init; }

    /// <summary>
    /// The kernel opens and closes directories itself: <see cref="IFuseFileSystem.OpenDir"/> and
    /// ReleaseDir are never called and ReadDir gets handle 0. The first OPENDIR is answered ENOSYS,
    /// which the kernel (FUSE_NO_OPENDIR_SUPPORT, Linux 5.1) takes as success for every later one:
    /// a listing then costs one round trip fewer per directory. Only for a file system whose
    /// OpenDir would check nothing the kernel does not (with <see cref="DefaultPermissions"/>, the
    /// kernel checks read permission on the directory itself).
    /// </summary>
    public bool StatelessDirectories { get; init; }

    /// <summary>The most worker threads libfuse's loop starts (fuse_loop_cfg_set_max_threads).</summary>
    public int MaxThreads { get; init; } = 10;

    /// <summary>How long unmounting may wait for the session loop to return.</summary>
    public TimeSpan UnmountTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Where the binding writes what no caller hears about: a handler's unexpected exception
    /// (answered with EIO), a reply the kernel refused, a loop that would not stop. Called from
    /// libfuse's threads; what it throws is ignored. Standard error by default.
    /// </summary>
    public Action<string> Log { get; init; } = line => Console.Error.WriteLine(line);
}
