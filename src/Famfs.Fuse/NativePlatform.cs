using System.Runtime.InteropServices;
using Famfs.Errors;

namespace Famfs.Fuse;

/// <summary>The native struct layouts in Interop/ are glibc's x86_64 ones (struct stat differs on arm64).</summary>
internal static class NativePlatform
{
    public static void EnsureSupported()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            throw new FamfsException(Errno.ENOTSUP,
                $"famfs-fuse supports Linux x86_64 only, not {RuntimeInformation.OSDescription} {RuntimeInformation.ProcessArchitecture}");
        }
    }
}
