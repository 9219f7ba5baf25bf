using System.Runtime.InteropServices;

namespace Famfs.Fuse.Interop;

/// <summary>
/// libfuse3 (3.14) low-level session calls. fuse_session* and fuse_loop_config* are opaque
/// pointers (nint); <see cref="SafeFuseSessionHandle"/> owns the session.
/// </summary>
internal static unsafe partial class Libfuse
{
    /// <summary>The soname, not libfuse3.so: only libfuse3-dev installs the unversioned link.</summary>
    public const string LibName = "libfuse3.so.3";

    [LibraryImport(LibName, EntryPoint = "fuse_session_new")]
    public static partial nint SessionNew(fuse_args* args, fuse_lowlevel_ops* op, nuint opSize, nint userdata);

    [LibraryImport(LibName, EntryPoint = "fuse_session_mount", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SessionMount(nint se, string mountpoint);

    [LibraryImport(LibName, EntryPoint = "fuse_session_unmount")]
    public static partial void SessionUnmount(nint se);

    [LibraryImport(LibName, EntryPoint = "fuse_session_destroy")]
    public static partial void SessionDestroy(nint se);

    /// <summary>The session's /dev/fuse descriptor (after fuse_session_mount).</summary>
    [LibraryImport(LibName, EntryPoint = "fuse_session_fd")]
    public static partial int SessionFd(nint se);

    [LibraryImport(LibName, EntryPoint = "fuse_session_exit")]
    public static partial void SessionExit(nint se);

    /// <summary>
    /// The 3.12+ multi-threaded loop. 3.14 exports fuse_session_loop_mt three times
    /// (FUSE_3.0 and FUSE_3.2 compat versions, FUSE_3.12 default); dlsym of the bare name
    /// would silently pick whichever is the default of the installed library. The alias
    /// fuse_session_loop_mt_312 exists only as FUSE_3.12 and always takes the opaque
    /// fuse_loop_config made by <see cref="LoopConfigCreate"/>, so we bind that name.
    /// </summary>
    [LibraryImport(LibName, EntryPoint = "fuse_session_loop_mt_312")]
    public static partial int SessionLoopMt312(nint se, nint config);

    [LibraryImport(LibName, EntryPoint = "fuse_loop_cfg_create")]
    public static partial nint LoopConfigCreate();

    [LibraryImport(LibName, EntryPoint = "fuse_loop_cfg_destroy")]
    public static partial void LoopConfigDestroy(nint config);

    [LibraryImport(LibName, EntryPoint = "fuse_loop_cfg_set_max_threads")]
    public static partial void LoopConfigSetMaxThreads(nint config, uint value);

    [LibraryImport(LibName, EntryPoint = "fuse_loop_cfg_set_clone_fd")]
    public static partial void LoopConfigSetCloneFd(nint config, uint value);

    /// <summary>Releases an argv that fuse_opt_parse (inside fuse_session_new) re-allocated.</summary>
    [LibraryImport(LibName, EntryPoint = "fuse_opt_free_args")]
    public static partial void OptFreeArgs(fuse_args* args);
}
