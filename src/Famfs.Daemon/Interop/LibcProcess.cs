using System.Runtime.InteropServices;

namespace Famfs.Daemon.Interop;

/// <summary>What the daemon does to detach from whoever started it (without forking).</summary>
internal static partial class LibcProcess
{
    /// <summary>setsid(2): a new session, so the starting terminal's signals (Ctrl-C, hang-up) no longer reach us.</summary>
    [LibraryImport("libc", EntryPoint = "setsid", SetLastError = true)]
    public static partial int Setsid();

    /// <summary>dup2(2): point fd 0/1/2 elsewhere, so libfuse's own writes to stderr land in our log.</summary>
    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    public static partial int Dup2(int oldfd, int newfd);
}
