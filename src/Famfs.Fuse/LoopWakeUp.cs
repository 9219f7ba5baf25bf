using Famfs.Fuse.Interop;

namespace Famfs.Fuse;

/// <summary>
/// Sends the session one request so a worker blocked in read(/dev/fuse) returns and notices
/// fuse_session_exit. statvfs goes to the daemon every time (no attribute cache applies).
/// It runs on its own thread because it can block: if the loop has already gone, the call
/// waits until /dev/fuse is closed, which fuse_session_unmount does right after.
/// </summary>
internal static class LoopWakeUp
{
    public static void Provoke(string mountPoint)
    {
        var thread = new Thread(() => StatFs(mountPoint)) { Name = "fuse-loop-wakeup", IsBackground = true };
        thread.Start();
    }

    private static unsafe void StatFs(string mountPoint)
    {
        statvfs ignored;
        // The result does not matter: ENOTCONN or ENOENT just mean there was nothing left to wake.
        _ = LibcMount.Statvfs(mountPoint, &ignored);
    }
}
