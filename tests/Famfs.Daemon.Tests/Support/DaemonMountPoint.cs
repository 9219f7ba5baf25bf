using Famfs.Mounts;

namespace Famfs.Daemon.Tests;

/// <summary>
/// An empty directory to mount on. Dispose detaches whatever is still mounted there (umount -l
/// never waits for a dead daemon) before deleting the directory, so a failed test leaves no
/// mount behind.
/// </summary>
internal sealed class DaemonMountPoint : IDisposable
{
    private readonly string _parent = Directory.CreateTempSubdirectory("famfs-daemon-test-").FullName;

    public DaemonMountPoint()
    {
        Path = System.IO.Path.Combine(_parent, "mnt");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string this[string name] => System.IO.Path.Combine(Path, name);

    /// <summary>From the kernel's mount table, never the mount point itself (which could hang).</summary>
    public bool IsMounted => FamfsMountTable.MountedType(Path) is not null;

    public bool WaitUntilMounted(TimeSpan timeout) => SpinWait.SpinUntil(() => IsMounted, timeout);

    public void Dispose()
    {
        if (IsMounted)
        {
            Shell.Run("umount", ["-l", Path]);
        }

        try
        {
            Directory.Delete(_parent, recursive: true);
        }
        catch (IOException)
        {
            // Still mounted: umount -l failed, and the test's assertions said why.
        }
    }
}
