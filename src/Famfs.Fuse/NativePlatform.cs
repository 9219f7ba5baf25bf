using System.Runtime.InteropServices;
using Famfs.Fuse.Interop;

namespace Famfs.Fuse;

/// <summary>
/// What the binding needs of the machine: glibc's x86_64 struct layouts (Interop/; struct stat
/// differs on arm64) and libfuse 3.12 or later, checked before the first call into it, so a
/// missing library is one clear error instead of a DllNotFoundException from deep in a mount.
/// </summary>
internal static class NativePlatform
{
    private const string Install = "install libfuse3-3 (apt-get install fuse3)";

    public static void EnsureSupported()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            throw new FuseException(Errno.ENOTSUP,
                $"the FUSE binding supports Linux x86_64 only, not {RuntimeInformation.OSDescription} {RuntimeInformation.ProcessArchitecture}");
        }

        if (!NativeLibrary.TryLoad(Libfuse.LibName, typeof(NativePlatform).Assembly, null, out var library))
        {
            throw new FuseException(Errno.ENOENT, $"libfuse3 ({Libfuse.LibName}) is not installed or cannot be loaded", Install);
        }

        // The newest function the binding calls: present from libfuse 3.12.
        if (!NativeLibrary.TryGetExport(library, "fuse_session_loop_mt_312", out _))
        {
            throw new FuseException(Errno.ENOSYS, $"the installed {Libfuse.LibName} is older than libfuse 3.12, which the FUSE binding needs", Install);
        }
    }
}
