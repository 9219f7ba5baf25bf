namespace Famfs.TestSupport;

/// <summary>
/// A fresh uniquely named directory, removed with its contents on Dispose: under the temp
/// directory (/tmp), or with <see cref="InShm"/> on the /dev/shm tmpfs, where copies are fast.
/// </summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>A new directory under the temp directory, named PREFIX-XXXXXX, mode 0700.</summary>
    public TempDirectory(string prefix) => Path = Directory.CreateTempSubdirectory(prefix + "-").FullName;

    private TempDirectory(string path, bool create)
    {
        Path = path;
        if (create)
        {
            Directory.CreateDirectory(path);
        }
    }

    public string Path { get; }

    public string this[string name] => System.IO.Path.Combine(Path, name);

    /// <summary>A new directory in /dev/shm (named like the temporary devices, so the same leftovers sweep finds it).</summary>
    public static TempDirectory InShm(string tag) => new(ShmNames.Reserve(tag), create: true);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
            // A mount that could not be removed keeps it busy; the mount cleanup already reported that.
        }
    }
}
