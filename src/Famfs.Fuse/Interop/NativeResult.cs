using System.Runtime.InteropServices;

namespace Famfs.Fuse.Interop;

/// <summary>
/// The one place native results become errors. libc calls return -1 and set errno; libfuse
/// calls return 0 or -errno. Either way a failure becomes a <see cref="FuseException"/> naming
/// the call and the errno's text.
/// </summary>
internal static class NativeResult
{
    /// <summary>A libc result: the value, or the errno as an exception when it is -1.</summary>
    public static int Check(int result, string what) =>
        result >= 0 ? result : throw Error(Marshal.GetLastPInvokeError(), what);

    /// <summary>A libfuse result: the value, or the exception for -errno.</summary>
    public static int CheckNegated(int result, string what) => result >= 0 ? result : throw Error(-result, what);

    public static FuseException Error(int errno, string what) => new((Errno)errno, $"{what}: {Marshal.GetPInvokeErrorMessage(errno)}");
}
