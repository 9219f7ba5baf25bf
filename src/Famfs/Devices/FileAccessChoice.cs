namespace Famfs.Devices;

/// <summary>How the public API's <see cref="FileAccess"/> maps to a writable mapping or descriptor.</summary>
internal static class FileAccessChoice
{
    /// <summary>Whether <paramref name="access"/> asks for writing (Write alone too: a writable mapping is readable); an undefined value is refused.</summary>
    public static bool IsWritable(FileAccess access) => access switch
    {
        FileAccess.Read => false,
        FileAccess.Write or FileAccess.ReadWrite => true,
        _ => throw new ArgumentOutOfRangeException(nameof(access), access, "give FileAccess.Read, Write or ReadWrite"),
    };
}
