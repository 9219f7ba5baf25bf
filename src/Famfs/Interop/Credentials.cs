using System.Runtime.InteropServices;

namespace Famfs.Interop;

/// <summary>The caller's uid, gid and supplementary groups: the default owner of what it creates, and who a permission check judges.</summary>
internal static partial class Credentials
{
    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint EffectiveUid();

    [LibraryImport("libc", EntryPoint = "getegid")]
    public static partial uint EffectiveGid();

    /// <summary>getgroups(2): the process's supplementary group ids (only the process itself changes them).</summary>
    public static unsafe uint[] SupplementaryGroups()
    {
        var count = GetGroups(0, null);
        var groups = new uint[Math.Max(count, 0)];
        fixed (uint* list = groups)
        {
            if (count < 0 || GetGroups(count, list) != count)
            {
                throw NativeErrors.ForLastError("getgroups");
            }
        }

        return groups;
    }

    [LibraryImport("libc", EntryPoint = "getgroups", SetLastError = true)]
    private static unsafe partial int GetGroups(int size, uint* list);
}
