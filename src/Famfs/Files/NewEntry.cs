namespace Famfs.Files;

/// <summary>
/// One directory (<see cref="Size"/> null) or file of <see cref="Size"/> bytes for
/// <see cref="FamfsFileSystem.CreateAll"/>; <see cref="Mode"/>, when set, is its permission
/// bits instead of the create options' (as famfs cp keeps each source's mode).
/// </summary>
internal readonly record struct NewEntry(string Path, ulong? Size, uint? Mode = null)
{
    public static NewEntry Directory(string path, uint? mode = null) => new(path, null, mode);

    public static NewEntry File(string path, ulong size, uint? mode = null) => new(path, size, mode);
}
