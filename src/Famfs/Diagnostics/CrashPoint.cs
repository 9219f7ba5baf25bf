using Famfs.Interop;

namespace Famfs.Diagnostics;

/// <summary>
/// Named steps of the writes that must survive a crash (log append, cp, mkfs, mount). A process
/// started with FAMFS_CRASH_AT=NAME kills itself with SIGKILL on reaching step NAME, exactly as
/// kill -9 would at that instant: the crash-matrix tests prove that what is left at every step
/// is consistent (docs/RELIABILITY.md). Unset, a step costs one read of a static field.
/// </summary>
internal static class CrashPoint
{
    private const int SIGKILL = 9;

    private static readonly string? Armed = Environment.GetEnvironmentVariable("FAMFS_CRASH_AT");

    public static void Reach(string name)
    {
        if (Armed is not null && Armed == name)
        {
            Libc.Kill(Environment.ProcessId, SIGKILL);
            Thread.Sleep(Timeout.Infinite); // SIGKILL to oneself is delivered before kill(2) returns; never go on
        }
    }
}
