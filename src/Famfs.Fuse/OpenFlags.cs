namespace Famfs.Fuse;

/// <summary>The open(2) flags an Open or Create request carries (x86_64 values).</summary>
[Flags]
#pragma warning disable CA1008, CA1711 // ReadOnly is O_RDONLY, which is 0; "Flags" is the C name
public enum OpenFlags
{
    ReadOnly = 0,
    WriteOnly = 0x1,
    ReadWrite = 0x2,

    /// <summary>O_ACCMODE: the bits that say read, write or both.</summary>
    AccessModeMask = 0x3,
    Create = 0x40,
    Exclusive = 0x80,
    NoControllingTerminal = 0x100,
    Truncate = 0x200,
    Append = 0x400,
    NonBlocking = 0x800,
    DirectIo = 0x4000,
    Directory = 0x1_0000,
    NoFollow = 0x2_0000,
    CloseOnExec = 0x8_0000,
}
#pragma warning restore CA1008, CA1711

/// <summary>The access(2) mask of an Access request.</summary>
[Flags]
public enum AccessModes
{
    /// <summary>F_OK: only whether the file exists.</summary>
    Exists = 0,
    Execute = 1,
    Write = 2,
    Read = 4,
}

/// <summary>renameat2(2) flags of a Rename request.</summary>
[Flags]
#pragma warning disable CA1711 // "Flags" is the C name
public enum RenameFlags : uint
{
    None = 0,
    NoReplace = 1,
    Exchange = 2,
    Whiteout = 4,
}
#pragma warning restore CA1711

/// <summary>Helpers on <see cref="OpenFlags"/>.</summary>
public static class OpenFlagsExtensions
{
    /// <summary>Whether the open asks for write access (O_WRONLY or O_RDWR).</summary>
    public static bool Writes(this OpenFlags flags) => (flags & OpenFlags.AccessModeMask) != OpenFlags.ReadOnly;
}
