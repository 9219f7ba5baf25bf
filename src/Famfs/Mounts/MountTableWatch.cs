using Famfs.Interop;

namespace Famfs.Mounts;

/// <summary>
/// Waits for a change in this mount namespace's mount table: the kernel reports one on an open
/// /proc/self/mountinfo as POLLPRI. `famfs mount` waits for its daemon's mount this way, so it
/// returns as soon as the mount is live instead of at the next tick of a sleep loop.
/// </summary>
internal sealed class MountTableWatch : IDisposable
{
    private readonly SafeFileDescriptor _mountInfo;

    /// <summary>Starts watching: every change after this call wakes a <see cref="Wait"/>, even one made before it is called.</summary>
    public MountTableWatch()
    {
        var fd = Libc.Open("/proc/self/mountinfo", OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC, 0);
        _mountInfo = fd >= 0 ? new SafeFileDescriptor(fd) : throw NativeErrors.ForLastError("open /proc/self/mountinfo");
    }

    /// <summary>Returns when the mount table has changed since the last wait (or since the watch began), or after <paramref name="timeout"/> (or a signal): the caller checks the table again either way.</summary>
    public void Wait(TimeSpan timeout) => Libc.PollPriority(_mountInfo, (int)Math.Ceiling(timeout.TotalMilliseconds));

    public void Dispose() => _mountInfo.Dispose();
}
