using System.Runtime.InteropServices;

namespace Famfs.Fuse.Interop;

/// <summary>
/// Owns a struct fuse_session*. Releasing it calls fuse_session_destroy, which closes
/// /dev/fuse if fuse_session_unmount has not already done so. Only <see cref="FuseMount"/>
/// releases it, and only after the session loop has returned.
/// </summary>
internal sealed class SafeFuseSessionHandle : SafeHandle
{
    public SafeFuseSessionHandle(nint session) : base(invalidHandleValue: 0, ownsHandle: true) => SetHandle(session);

    public override bool IsInvalid => handle == 0;

    public nint Session => handle;

    protected override bool ReleaseHandle()
    {
        Libfuse.SessionDestroy(handle);
        return true;
    }
}
