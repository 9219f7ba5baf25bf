namespace Famfs.Fuse;

/// <summary>The file type bits of st_mode (S_IFMT), as the kernel and libfuse expect them.</summary>
public enum FileType : uint
{
    Fifo = 0x1000,
    CharacterDevice = 0x2000,
    Directory = 0x4000,
    BlockDevice = 0x6000,
    RegularFile = 0x8000,
    SymbolicLink = 0xA000,
    Socket = 0xC000,
}
