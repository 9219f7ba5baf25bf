using System.Runtime.InteropServices;
using Famfs.Fuse.Interop;

namespace Famfs.Fuse;

/// <summary>
/// What the native callbacks need, reached from a request through fuse_req_userdata: the
/// session's userdata is a GCHandle to this object, allocated before fuse_session_new and
/// freed only after the session loop has returned (no callback can run after that).
/// </summary>
internal sealed class MountContext(IFuseFileSystem fileSystem, FuseMountOptions options)
{
    public IFuseFileSystem FileSystem { get; } = fileSystem;

    public FuseLog Log { get; } = new(options.Log);

    /// <summary>Seconds, the unit of fuse_entry_param and fuse_reply_attr.</summary>
    public double AttrTimeout { get; } = options.AttributeTimeout.TotalSeconds;

    public double EntryTimeout { get; } = options.EntryTimeout.TotalSeconds;

    public double NegativeTimeout { get; } = options.NegativeEntryTimeout.TotalSeconds;

    public bool StatelessDirectories { get; } = options.StatelessDirectories;

    /// <summary>Only before the request is answered: a reply frees it.</summary>
    public static MountContext Of(nint req) => (MountContext)GCHandle.FromIntPtr(Libfuse.ReqUserdata(req)).Target!;
}
