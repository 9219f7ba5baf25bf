namespace Famfs.Interop;

/// <summary>open(2) flags, Linux x86_64/arm64 values.</summary>
[Flags]
internal enum OpenFlags
{
    O_RDONLY = 0x0,
    O_WRONLY = 0x1,
    O_RDWR = 0x2,
    O_CREAT = 0x40,
    O_EXCL = 0x80,
    O_APPEND = 0x400,
    O_NONBLOCK = 0x800,
    O_CLOEXEC = 0x80000,
}

/// <summary>flock(2) operations.</summary>
[Flags]
internal enum FlockOperation
{
    LOCK_SH = 1,
    LOCK_EX = 2,
    LOCK_NB = 4,
    LOCK_UN = 8,
}
