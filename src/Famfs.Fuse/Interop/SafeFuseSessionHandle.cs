using System.Runtime.InteropServices;

namespace Famfs.Fuse.Interop;

/// <summary>
/// Owns a struct fuse_session*. Releasing it calls fuse_session_destroy, which closes
/// /dev/fuse if fuse_session_unmount has not already done so. Only <see cref="FuseMount"/>
/// releases it, and only after the session loop has returned.
/// </summary>
internal sealed class SafeFuseSessionHandle : SafeHandle
{
    private SafeFuseSessionHandle(nint session) : base(invalidHandleValue: 0, ownsHandle: true) => SetHandle(session);

    public override bool IsInvalid => handle == 0;

    public nint Session => handle;

    /// <summary>fuse_session_new with our callbacks and <paramref name="userdata"/> (a GCHandle of the mount's context).</summary>
    public static unsafe SafeFuseSessionHandle Create(FuseMountOptions options, nint userdata)
    {
        var ops = LowLevelCallbacks.Table(options.ReadDirPlus);
        using var args = new FuseArguments(options);
        var session = Libfuse.SessionNew(args.Native, &ops, (nuint)sizeof(fuse_lowlevel_ops), userdata);
        return session != 0
            ? new SafeFuseSessionHandle(session)
            : throw new FuseException(Errno.EINVAL, "fuse_session_new failed (libfuse printed why above)");
    }

    protected override bool ReleaseHandle()
    {
        Libfuse.SessionDestroy(handle);
        return true;
    }
}
