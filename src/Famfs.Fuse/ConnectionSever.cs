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
    public static void Sever(nint session, string mountPoint, FuseLog log)
    {
        try
        {
            // EINVAL: nothing is mounted there any more, which is what detaching wants.
            if (LibcMount.Umount2(mountPoint, UnmountFlags.Detach) < 0)
            {
                var error = NativeResult.Error(System.Runtime.InteropServices.Marshal.GetLastPInvokeError(), $"umount2 {mountPoint}");
                if (error.Errno != Errno.EINVAL)
                {
                    log.Write(error.Message);
                }
            }

            var devNull = NativeResult.Check(LibcMount.Open("/dev/null", OpenFlags.ReadWrite | OpenFlags.CloseOnExec), "open /dev/null");
            try
            {
                NativeResult.Check(LibcMount.Dup3(devNull, Libfuse.SessionFd(session), OpenFlags.CloseOnExec), "dup3 over /dev/fuse");
            }
            finally
            {
                NativeResult.Check(LibcMount.Close(devNull), "close /dev/null");
            }
        }
        catch (FuseException e)
        {
            log.Write($"cannot cut the connection of {mountPoint}: {e.Message}");
        }
    }
}
