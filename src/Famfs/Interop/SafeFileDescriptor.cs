using System.Runtime.InteropServices;

namespace Famfs.Interop;

/// <summary>
/// An owned POSIX file descriptor. famfs.net opens devices with open(2) itself rather than
/// through FileStream because .NET's FileStream takes flock() locks of its own on Unix,
/// which would collide with the log lock famfs takes with flock.
/// </summary>
internal sealed class SafeFileDescriptor : SafeHandle
{
    public SafeFileDescriptor() : base(invalidHandleValue: -1, ownsHandle: true) { }

    public SafeFileDescriptor(int fd) : this() => SetHandle(fd);

    public override bool IsInvalid => handle < 0;

    public int Fd => (int)handle;

    protected override bool ReleaseHandle() => Libc.Close((int)handle) == 0;
}
