using Famfs.Fuse.Interop;

namespace Famfs.Fuse;

/// <summary>
/// The last resort when a session loop will not stop (a handler never returns): detach the
/// mount and cut the kernel connection, so that no process waits on this file system for
/// ever. The connection is cut by atomically replacing the session's /dev/fuse descriptor
/// with /dev/null (dup3): dropping the last reference to the device file aborts the
/// connection (every pending and future request fails with ENOTCONN), while the descriptor
/// number stays valid, so a late reply from the stuck thread goes to /dev/null instead of
/// into whatever file might otherwise have reused the number.
/// </summary>
internal static class ConnectionSever
{
    public static void Sever(nint session, string mountPoint)
    {
        LibcMount.Umount2(mountPoint, LibcMount.MNT_DETACH);
        var devNull = LibcMount.Open("/dev/null", LibcMount.O_RDWR | LibcMount.O_CLOEXEC);
        if (devNull < 0)
        {
            FuseErrors.Log($"famfs-fuse: cannot open /dev/null to cut the connection of {mountPoint}");
            return;
        }

        LibcMount.Dup3(devNull, Libfuse.SessionFd(session), LibcMount.O_CLOEXEC);
        LibcMount.Close(devNull);
    }
}
