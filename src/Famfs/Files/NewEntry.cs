namespace Famfs.Files;

/// <summary>One directory (<see cref="Size"/> null) or file of <see cref="Size"/> bytes for <see cref="FamfsFileSystem.CreateAll"/>.</summary>
internal readonly record struct NewEntry(string Path, ulong? Size)
{
    public static NewEntry Directory(string path) => new(path, null);

    public static NewEntry File(string path, ulong size) => new(path, size);
}
