using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Famfs.Cli.Tests.Mount.Support;

/// <summary>
/// The I/O of hosts sharing a file through their own mounts: a writer process (dd) on one
/// mount, readers on the others with a fresh open or a descriptor kept open. Reads use pread on
/// the handle: a FileStream's buffer would answer a re-read itself, never asking the kernel.
/// </summary>
internal static class HostIo
{
    /// <summary>Overwrites the start of <paramref name="path"/> with <paramref name="text"/> in place (dd conv=notrunc).</summary>
    public static void Write(string path, string text) =>
        Shell.RunChecked("sh", ["-c", "printf %s \"$1\" | dd of=\"$2\" bs=4k conv=notrunc status=none", "sh", text, path], $"dd into {path}");

    /// <summary>The first <paramref name="count"/> bytes through a new open.</summary>
    public static string ReadFresh(string path, int count)
    {
        using var handle = File.OpenHandle(path);
        return Read(handle, count);
    }

    /// <summary>The first <paramref name="count"/> bytes through a descriptor opened earlier.</summary>
    public static string Read(SafeFileHandle handle, int count)
    {
        var bytes = new byte[count];
        var n = RandomAccess.Read(handle, bytes, 0);
        return Encoding.ASCII.GetString(bytes, 0, n);
    }
}
