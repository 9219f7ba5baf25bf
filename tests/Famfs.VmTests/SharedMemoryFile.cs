using System.Text;

namespace Famfs.VmTests;

/// <summary>
/// A guest's shared memory: a fresh 4 GiB sparse file in /dev/shm (qemu maps it share=on as the
/// guest's NUMA node 1, /dev/dax0.0 inside). Deleted when the test is done, pass or fail.
/// </summary>
internal sealed class SharedMemoryFile : IDisposable
{
    public const long Size = 4L << 30;

    private const string Prefix = "famfs-vmtest-";

    public SharedMemoryFile()
    {
        RemoveOrphans();
        // The test process's id in the name: a later run can tell the files of a killed one.
        Path = $"/dev/shm/{Prefix}{Environment.ProcessId}-{Guid.NewGuid():N}";
        using var stream = new FileStream(Path, FileMode.CreateNew, FileAccess.Write);
        stream.SetLength(Size);
    }

    public string Path { get; }

    public void WriteText(long offset, string text)
    {
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Write);
        stream.Position = offset;
        stream.Write(Encoding.ASCII.GetBytes(text));
    }

    public string ReadText(long offset, int length)
    {
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read);
        stream.Position = offset;
        var bytes = new byte[length];
        stream.ReadExactly(bytes);
        return Encoding.ASCII.GetString(bytes);
    }

    public void Dispose() => File.Delete(Path);

    /// <summary>Deletes the 4 GiB files a killed test run left behind (their process is gone).</summary>
    private static void RemoveOrphans()
    {
        foreach (var file in Directory.EnumerateFiles("/dev/shm", Prefix + "*"))
        {
            var pid = System.IO.Path.GetFileName(file)[Prefix.Length..].Split('-')[0];
            if (int.TryParse(pid, out var id) && id != Environment.ProcessId && !Directory.Exists($"/proc/{id}"))
            {
                File.Delete(file);
            }
        }
    }
}
