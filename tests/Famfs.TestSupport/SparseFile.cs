using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Famfs.TestSupport;

/// <summary>
/// Sparse-file helpers built on lseek(SEEK_DATA/SEEK_HOLE): only the allocated parts of a
/// multi-GiB /dev/shm device are read, so fingerprinting one takes milliseconds.
/// </summary>
internal partial class SparseFile
{
    private const int SeekData = 3;
    private const int SeekHole = 4;
    private const int ENXIO = 6;

    /// <summary>The allocated (data) segments of the file, in order.</summary>
    public static IEnumerable<(long Offset, long Length)> DataSegments(FileStream stream)
    {
        var fd = (int)stream.SafeFileHandle.DangerousGetHandle();
        var size = stream.Length;
        var segments = new List<(long, long)>();
        long position = 0;
        while (position < size)
        {
            var start = Lseek(fd, position, SeekData);
            if (start < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == ENXIO)
                {
                    break; // only a hole is left
                }

                throw new IOException($"lseek(SEEK_DATA) on {stream.Name} failed: errno {errno}");
            }

            var end = Lseek(fd, start, SeekHole);
            if (end < 0)
            {
                throw new IOException($"lseek(SEEK_HOLE) on {stream.Name} failed: errno {Marshal.GetLastPInvokeError()}");
            }

            segments.Add((start, end - start));
            position = end;
        }

        return segments;
    }

    /// <summary>
    /// SHA-256 over the file's length and every data segment (offset, length, bytes). Any write —
    /// even of zeros into a hole — changes it, so equal fingerprints mean nothing was written.
    /// </summary>
    public static string Fingerprint(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(BitConverter.GetBytes(stream.Length));
        var buffer = new byte[1 << 20];
        foreach (var (offset, length) in DataSegments(stream))
        {
            sha.AppendData(BitConverter.GetBytes(offset));
            sha.AppendData(BitConverter.GetBytes(length));
            stream.Position = offset;
            var left = length;
            while (left > 0)
            {
                var n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                if (n == 0)
                {
                    break;
                }

                sha.AppendData(buffer, 0, n);
                left -= n;
            }
        }

        return Convert.ToHexString(sha.GetHashAndReset());
    }

    [LibraryImport("libc", EntryPoint = "lseek", SetLastError = true)]
    private static partial long Lseek(int fd, long offset, int whence);
}
