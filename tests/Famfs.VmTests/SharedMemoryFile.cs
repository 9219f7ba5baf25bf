using System.Text;

namespace Famfs.VmTests;

/// <summary>
/// A guest's shared memory: a fresh 4 GiB sparse file in /dev/shm (qemu maps it share=on as the
/// guest's NUMA node 1, /dev/dax0.0 inside). Deleted when the test is done, pass or fail.
/// </summary>
internal sealed class SharedMemoryFile : IDisposable
{
    public const long Size = 4L << 30;

    public SharedMemoryFile()
    {
        Path = $"/dev/shm/famfs-vmtest-{Guid.NewGuid():N}";
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
}
