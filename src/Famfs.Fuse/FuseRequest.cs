using Famfs.Fuse.Interop;

namespace Famfs.Fuse;

/// <summary>
/// Who sent a request. For writes that come from the page cache (writeback) the kernel
/// cannot tell, and these are zero.
/// </summary>
/// <param name="Pid">The calling thread's id.</param>
/// <param name="Umask">The caller's umask; Mode arguments of create-like calls already have it applied.</param>
public readonly record struct FuseRequest(uint Uid, uint Gid, int Pid, uint Umask)
{
    internal static unsafe FuseRequest From(nint req)
    {
        var ctx = Libfuse.ReqCtx(req);
        return new FuseRequest(ctx->uid, ctx->gid, ctx->pid, ctx->umask);
    }
}
