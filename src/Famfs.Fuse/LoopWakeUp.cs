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
        // Deliberately unchecked: success or ENOTCONN/ENOENT all mean the request did its job or
        // there was nothing left to wake; Unmount's bounded join reports a loop that did not stop.
        var thread = new Thread(() => _ = LibcMount.Statvfs(mountPoint, out _)) { Name = "fuse-loop-wakeup", IsBackground = true };
        thread.Start();
    }
}
