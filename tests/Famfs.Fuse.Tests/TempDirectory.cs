namespace Famfs.Fuse.Tests;

/// <summary>A fresh directory under /tmp, removed (with contents) on Dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix) => Path = Directory.CreateTempSubdirectory(prefix + "-").FullName;

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A mount that could not be removed keeps it busy; the mount cleanup already reported that.
        }
    }
}
