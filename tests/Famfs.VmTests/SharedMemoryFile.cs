using System.Text;

namespace Famfs.VmTests;

/// <summary>
/// A guest's shared memory: a fresh 4 GiB sparse <see cref="TempDevice"/> (qemu maps it share=on
/// as the guest's NUMA node 1, /dev/dax0.0 inside). Deleted when the test is done, pass or fail;
/// the 4 GiB files of a killed run are deleted by the next one.
/// </summary>
internal sealed class SharedMemoryFile : IDisposable
{
    public const long Size = 4L << 30;

    private readonly TempDevice _file;

    public SharedMemoryFile()
    {
        TempDevice.RemoveOrphans();
        _file = TempDevice.CreateSparse("vm", Size);
    }

    public string Path => _file.Path;

    public void WriteText(long offset, string text) => _file.WriteAt(offset, Encoding.ASCII.GetBytes(text));

    public string ReadText(long offset, int length) => Encoding.ASCII.GetString(_file.ReadAt(offset, length));

    public void Dispose() => _file.Dispose();
}
