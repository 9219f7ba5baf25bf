using Famfs.Interop;

namespace Famfs.Diagnostics;

/// <summary>
/// Named steps of the writes that must survive a crash (log append, cp, mkfs, mount). A process
/// armed at step NAME (the CLI and the daemon arm it from FAMFS_CRASH_AT=NAME, see
/// <see cref="Hosting.HostEnvironment"/>) kills itself with SIGKILL on reaching it, exactly as
/// kill -9 would at that instant: the crash-matrix tests prove that what is left at every step
/// is consistent (docs/RELIABILITY.md). Unarmed, a step costs one read of a static field.
/// </summary>
internal static class CrashPoint
{
    private const int SIGKILL = 9;

    private static string? s_armed;

    /// <summary>Arms the process to die at step <paramref name="name"/> (null or empty: never). Called once, at startup.</summary>
    public static void Arm(string? name) => s_armed = string.IsNullOrEmpty(name) ? null : name;

    public static void Reach(string name)
    {
        var armed = s_armed;
        if (armed is not null && armed == name)
        {
            Libc.Kill(Environment.ProcessId, SIGKILL);
            Thread.Sleep(Timeout.Infinite); // SIGKILL to oneself is delivered before kill(2) returns; never go on
        }
    }
}
