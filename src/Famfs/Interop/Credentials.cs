using System.Runtime.InteropServices;

namespace Famfs.Interop;

/// <summary>The caller's uid and gid: the default owner of what it creates.</summary>
internal static partial class Credentials
{
    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint EffectiveUid();

    [LibraryImport("libc", EntryPoint = "getegid")]
    public static partial uint EffectiveGid();
}
