using Famfs.Fuse.Interop;

namespace Famfs.Fuse.Tests;

/// <summary>
/// An empty directory to mount on. Dispose detaches whatever is still mounted there
/// (umount2 MNT_DETACH never waits for a dead daemon) before deleting the directory, so a
/// failed test leaves no mount behind.
/// </summary>
internal sealed class MountPoint : IDisposable
{
    private readonly TempDirectory _parent = new("famfs-fuse-test");

    public MountPoint()
    {
        Path = System.IO.Path.Combine(_parent.Path, "mnt");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string this[string name] => System.IO.Path.Combine(Path, name);

    public bool IsMounted => MountInfo.IsMounted(Path);

    /// <summary>Polls the mount table (never the mount point itself, which could hang).</summary>
    public bool WaitUntil(bool mounted, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (IsMounted != mounted)
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            Thread.Sleep(20);
        }

        return true;
    }

    public void Dispose()
    {
        for (var i = 0; i < 10 && IsMounted; i++)
        {
            _ = LibcMount.Umount2(Path, UnmountFlags.Detach); // a failure shows as the mount still being there
        }

        _parent.Dispose();
    }
}
