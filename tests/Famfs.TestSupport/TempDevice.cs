using System.Security.Cryptography;
using Famfs.Admin;
using Famfs.Devices;
using Famfs.Errors;
using Famfs.Format;
using Famfs.Lifecycle;
using Famfs.Log;
using Famfs.Mounts;

namespace Famfs.TestSupport;

/// <summary>
/// A uniquely named file in /dev/shm used as a memory device, deleted on dispose: the one
/// temporary device of the tests and benchmarks. Files are sparse: a 16 GiB device costs only
/// the pages actually written. Names are <see cref="ShmNames"/>'s famfs-test-TAG-PID-N-RANDOM.
/// </summary>
internal sealed class TempDevice : IDisposable
{
    private MemoryDevice? _device;

    private TempDevice(string path) => Path = path;

    public string Path { get; }

    /// <summary>The file opened read-write as a memory device on first use, and kept open until Dispose.</summary>
    public MemoryDevice Device => _device ??= Open(writable: true);

    /// <summary>The file's current length.</summary>
    public long Length => new FileInfo(Path).Length;

    /// <summary>
    /// Deletes what test processes that are gone (killed before their cleanup ran) left in
    /// /dev/shm: the creating process's id is part of every name.
    /// </summary>
    public static void RemoveOrphans()
    {
        foreach (var path in System.IO.Directory.EnumerateFileSystemEntries(ShmNames.Directory, ShmNames.Prefix + "*"))
        {
            var parts = System.IO.Path.GetFileName(path).Split('-');
            if (parts.Length < 5 || !int.TryParse(parts[^3], out var pid) || pid == Environment.ProcessId || System.IO.Directory.Exists($"/proc/{pid}"))
            {
                continue;
            }

            try
            {
                if (System.IO.Directory.Exists(path))
                {
                    System.IO.Directory.Delete(path, recursive: true);
                }
                else
                {
                    File.Delete(path);
                }
            }
            catch (IOException)
            {
                // Another run is sweeping the same leftovers.
            }
        }
    }

    /// <summary>A fresh unique path; no file is created (e.g. for `mkfs --create`). Still deleted on dispose.</summary>
    public static TempDevice ReservePath(string tag) => new(ShmNames.Reserve(tag));

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

    /// <summary>
    /// The log header of the famfs file system on the device, as it is now. Read through the
    /// engine's device (no flock), so it works while a famfs process holds the device.
    /// </summary>
    public LogHeader ReadLogHeader()
    {
        Span<byte> bytes = stackalloc byte[FormatConstants.LogHeaderSize];
        using var device = Open();
        device.ReadAt(FormatConstants.LogOffset, bytes);
        return LogHeaderCodec.Decode(bytes);
    }

    /// <summary>SHA-256 of the metadata: the superblock area and the whole log (as long as the superblock says).</summary>
    public string MetadataHash()
    {
        using var device = Open();
        var superblock = FamfsMetadata.ReadSuperblock(device);
        using var mapping = device.Map(0, FormatConstants.MetadataLength(superblock.LogBytes), writable: false);
        return Convert.ToHexString(SHA256.HashData(mapping.Read(0, checked((int)mapping.Length))));
    }

    /// <summary>The library's fsck of the device; fails the test with its errors unless it is clean.</summary>
    public FsckReport AssertFsckClean()
    {
        using var device = Open();
        var report = Fsck.Run(device);
        Assert.True(report.Clean, $"fsck of {Path} found errors:\n  {string.Join("\n  ", report.Errors)}");
        return report;
    }

    public void Truncate(long length)
    {
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Write);
        stream.SetLength(length);
    }

    public void Dispose()
    {
        _device?.Dispose();
        if (File.Exists(Path))
        {
            RemoveMountLogs();
            File.Delete(Path);
        }
    }

    /// <summary>
    /// The daemon logs mounts of this device left in /run/famfs/mounts: named by the device's
    /// identity, which no later device shares, so nothing would ever reuse or remove them.
    /// </summary>
    private void RemoveMountLogs()
    {
        try
        {
            using var device = MemoryDevice.Open(Path, writable: false);
            HostClaim.LogsOf(device.Identity).ForEach(File.Delete);
        }
        catch (Exception e) when (e is FamfsException or IOException or UnauthorizedAccessException)
        {
            // Not a device (a test's deliberately bad file) or not ours to clean: nothing to remove.
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
