using System.Runtime.InteropServices;

namespace Famfs.Fuse.Tests;

/// <summary>libc calls the tests make where .NET has no API.</summary>
internal static unsafe partial class TestLibc
{
    /// <summary>errno of getxattr(2) on <paramref name="path"/>, or 0 if it succeeded.</summary>
    public static int GetXattrErrno(string path, string name)
    {
        byte value;
        return GetXattr(path, name, &value, 1) < 0 ? Marshal.GetLastPInvokeError() : 0;
    }

    [LibraryImport("libc", EntryPoint = "getxattr", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial nint GetXattr(string path, string name, byte* value, nuint size);
}
