using Famfs.Devices;

namespace Famfs.TestSupport;

/// <summary>
/// A uniquely named file in /dev/shm used as a memory device, deleted on dispose. Files are
/// sparse: a 16 GiB device costs only the pages actually written.
/// </summary>
internal sealed class TempDevice : IDisposable
{
    public const string Directory = "/dev/shm";
    public const string Prefix = "famfs-test-";
    private static int _counter;

    private TempDevice(string path) => Path = path;

    public string Path { get; }

    /// <summary>The file's current length.</summary>
    public long Length => new FileInfo(Path).Length;

    /// <summary>A fresh unique path; no file is created (e.g. for `mkfs --create`). Still deleted on dispose.</summary>
    public static TempDevice ReservePath(string tag)
    {
        var name = $"{Prefix}{tag}-{Environment.ProcessId}-{Interlocked.Increment(ref _counter)}-{Guid.NewGuid().ToString("N")[..8]}";
        return new TempDevice(System.IO.Path.Combine(Directory, name));
    }

    /// <summary>A sparse zero-filled file of <paramref name="size"/> bytes.</summary>
    public static TempDevice CreateSparse(string tag, ulong size)
    {
        var device = ReservePath(tag);
        using (var stream = new FileStream(device.Path, FileMode.CreateNew, FileAccess.Write))
        {
            stream.SetLength(checked((long)size));
        }

        return device;
    }

    /// <summary>A file holding the bytes of <paramref name="content"/>, then extended (sparse) to <paramref name="size"/>.</summary>
    public static TempDevice FromStream(string tag, Stream content, ulong size)
    {
        var device = ReservePath(tag);
        try
        {
            using var stream = new FileStream(device.Path, FileMode.CreateNew, FileAccess.Write);
            content.CopyTo(stream);
            if (stream.Length > checked((long)size))
            {
                throw new InvalidOperationException($"content is {stream.Length} bytes, more than the device size {size}");
            }

            stream.SetLength((long)size);
        }
        catch
        {
            device.Dispose();
            throw;
        }

        return device;
    }

    /// <summary>A sparse copy of this device (same bytes, same length) under a new unique name.</summary>
    public TempDevice Copy(string tag)
    {
        var copy = ReservePath(tag);
        using var source = new FileStream(Path, FileMode.Open, FileAccess.Read);
        using var target = new FileStream(copy.Path, FileMode.CreateNew, FileAccess.Write);
        foreach (var (offset, length) in SparseFile.DataSegments(source))
        {
            source.Position = offset;
            target.Position = offset;
            CopyExactly(source, target, length);
        }

        target.SetLength(source.Length);
        return copy;
    }

    public MemoryDevice Open(bool writable = false) => MemoryDevice.Open(Path, writable);

    /// <summary>Overwrites bytes at <paramref name="offset"/> (plain pwrite, no mapping).</summary>
    public void WriteAt(long offset, ReadOnlySpan<byte> bytes)
    {
        using var handle = File.OpenHandle(Path, FileMode.Open, FileAccess.Write);
        RandomAccess.Write(handle, bytes, offset);
    }

    public byte[] ReadAt(long offset, int length)
    {
        using var handle = File.OpenHandle(Path, FileMode.Open, FileAccess.Read);
        var buffer = new byte[length];
        var read = RandomAccess.Read(handle, buffer, offset);
        return buffer[..read];
    }

    public void Truncate(long length)
    {
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Write);
        stream.SetLength(length);
    }

    public void Dispose()
    {
        if (File.Exists(Path))
        {
            File.Delete(Path);
        }
    }

    private static void CopyExactly(Stream source, Stream target, long length)
    {
        var buffer = new byte[1 << 20];
        while (length > 0)
        {
            var n = source.Read(buffer, 0, (int)Math.Min(buffer.Length, length));
            if (n == 0)
            {
                throw new EndOfStreamException("the source ended inside a data segment");
            }

            target.Write(buffer, 0, n);
            length -= n;
        }
    }
}
