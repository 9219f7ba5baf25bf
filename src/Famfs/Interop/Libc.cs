using System.Runtime.InteropServices;

namespace Famfs.Interop;

/// <summary>
/// The libc calls famfs.net makes. This file and its siblings in Interop/ are the only
/// places that declare native functions; everything above works on SafeHandles and spans.
/// Constants are the Linux x86_64/arm64 values (identical on both).
/// </summary>
internal static unsafe partial class Libc
{
    private const string LibName = "libc";

    // mmap(2)'s failure value; its flags are MmapProtection and MmapFlags (MemoryFlags.cs).
    public static readonly nint MAP_FAILED = -1;

    // statx(2)'s "relative to the working directory"; its flags are StatxFlags and StatxMask.
    public const int AT_FDCWD = -100;

    // File type bits of st_mode.
    public const int S_IFMT = 0xF000;
    public const int S_IFREG = 0x8000;
    public const int S_IFCHR = 0x2000;
    public const int S_IFBLK = 0x6000;
    public const int S_IFDIR = 0x4000;
    public const int S_IFIFO = 0x1000;
    public const int S_IFSOCK = 0xC000;
    public const int S_IFLNK = 0xA000;

    [LibraryImport(LibName, EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, OpenFlags flags, UnixFileMode mode);

    // fcntl(2), for F_GETFL/F_SETFL only: its third argument is then an int.
    public const int F_GETFL = 3;
    public const int F_SETFL = 4;

    [LibraryImport(LibName, EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport(LibName, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(LibName, EntryPoint = "mmap", SetLastError = true)]
    public static partial nint Mmap(nint addr, nuint length, MmapProtection prot, MmapFlags flags, int fd, long offset);

    [LibraryImport(LibName, EntryPoint = "munmap", SetLastError = true)]
    public static partial int Munmap(nint addr, nuint length);

    [LibraryImport(LibName, EntryPoint = "mprotect", SetLastError = true)]
    public static partial int Mprotect(nint addr, nuint length, MmapProtection prot);

    [LibraryImport(LibName, EntryPoint = "madvise", SetLastError = true)]
    public static partial int Madvise(nint addr, nuint length, MadviseAdvice advice);

    [LibraryImport(LibName, EntryPoint = "msync", SetLastError = true)]
    public static partial int Msync(nint addr, nuint length, MsyncFlags flags);

    [LibraryImport(LibName, EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(SafeFileDescriptor fd, FlockOperation operation);

    [LibraryImport(LibName, EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Statx(int dirfd, string path, StatxFlags flags, StatxMask mask, out statx buf);

    [LibraryImport(LibName, EntryPoint = "pread", SetLastError = true)]
    public static partial nint Pread(SafeFileDescriptor fd, byte* buf, nuint count, long offset);

    [LibraryImport(LibName, EntryPoint = "pwrite", SetLastError = true)]
    public static partial nint Pwrite(SafeFileDescriptor fd, byte* buf, nuint count, long offset);

    /// <summary>pread(2) into <paramref name="buffer"/>: the bytes read, or -1 (errno set).</summary>
    public static nint Pread(SafeFileDescriptor fd, Span<byte> buffer, long offset)
    {
        fixed (byte* p = buffer)
        {
            return Pread(fd, p, (nuint)buffer.Length, offset);
        }
    }

    /// <summary>pwrite(2) of <paramref name="buffer"/>: the bytes written, or -1 (errno set).</summary>
    public static nint Pwrite(SafeFileDescriptor fd, ReadOnlySpan<byte> buffer, long offset)
    {
        fixed (byte* p = buffer)
        {
            return Pwrite(fd, p, (nuint)buffer.Length, offset);
        }
    }

    // copy_file_range(2): the kernel copies between two files' page caches, so filling a
    // regular-file device from a file costs one copy and no page faults in this process.
    [LibraryImport(LibName, EntryPoint = "copy_file_range", SetLastError = true)]
    public static partial nint CopyFileRange(SafeHandle fdIn, long* offIn, SafeFileDescriptor fdOut, long* offOut, nuint length, uint flags);

    [LibraryImport(LibName, EntryPoint = "fchmod", SetLastError = true)]
    public static partial int Fchmod(SafeFileDescriptor fd, UnixFileMode mode);

    [LibraryImport(LibName, EntryPoint = "ftruncate", SetLastError = true)]
    public static partial int Ftruncate(SafeFileDescriptor fd, long length);

    // process_vm_readv(2): the kernel copies another (or this) process's memory and reports
    // EFAULT instead of faulting when the source is not readable; the lifecycle tests use it
    // to prove a revoked range is unreachable without crashing the test host.
    [LibraryImport(LibName, EntryPoint = "process_vm_readv", SetLastError = true)]
    public static partial nint ProcessVmReadv(int pid, nint* localIov, nuint localCount, nint* remoteIov, nuint remoteCount, nuint flags);

    // strnlen(3): a native function that reads user memory, so a fault in it is a plain SIGSEGV
    // (the runtime only turns faults in managed code into exceptions).
    [LibraryImport(LibName, EntryPoint = "strnlen")]
    public static partial nuint Strnlen(byte* text, nuint maxLength);

    // poll(2): on /proc/self/mountinfo, POLLPRI means the mount table changed since the last poll.
    public const short POLLPRI = 0x2;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport(LibName, EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    /// <summary>poll(2) of one descriptor for POLLPRI: 1 when it is reported, 0 after the timeout, -1 on an error (EINTR).</summary>
    public static int PollPriority(SafeFileDescriptor fd, int timeoutMilliseconds)
    {
        var poll = new PollFd { Fd = fd.Fd, Events = POLLPRI };
        var result = Poll(&poll, 1, timeoutMilliseconds);
        GC.KeepAlive(fd);
        return result;
    }

    public const int MNT_DETACH = 2;
    public const int SIGTERM = 15;

    [LibraryImport(LibName, EntryPoint = "umount2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Umount2(string target, int flags);

    [LibraryImport(LibName, EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    /// <summary>The errno of the last failed call, as <see cref="Errors.Errno"/>.</summary>
    public static Errors.Errno LastErrno => (Errors.Errno)Marshal.GetLastPInvokeError();

    /// <summary>strerror() text for an errno value.</summary>
    public static string Describe(Errors.Errno errno) => Marshal.GetPInvokeErrorMessage((int)errno);
}
