using System.Security.Cryptography;
using Famfs.Admin;
using Famfs.Devices;
using Famfs.Files;
using Famfs.Format;
using Famfs.Lifecycle;

namespace Famfs.Tests.Files.Support;

/// <summary>
/// A freshly formatted famfs file system on a sparse file in /dev/shm, deleted on dispose.
/// <see cref="Master"/> is the system UUID mkfs recorded; open instances as master or client with it.
/// </summary>
internal sealed class ShmFileSystem : IDisposable
{
    private const string Directory = "/dev/shm";

    public ShmFileSystem(ulong size = 4 * Units.GiB, ulong logLength = FormatConstants.DefaultLogLength)
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            Assert.Fail($"{Directory} does not exist: these tests need a tmpfs at {Directory} to hold famfs devices");
        }

        Path = $"{Directory}/famfs-files-test-{Guid.NewGuid():N}";
        try
        {
            using var device = MemoryDevice.CreateFile(Path, size);
            Mkfs.Format(device, logLength, force: false, Master);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Path { get; }

    public Guid Master { get; } = Guid.NewGuid();

    /// <summary>Opens a new <see cref="FamfsFileSystem"/> instance on the device (master unless <paramref name="host"/> says otherwise).</summary>
    public FamfsFileSystem Open(Guid? host = null, bool readOnly = false, CacheMode cache = CacheMode.None) =>
        FamfsFileSystem.Open(Path, new FileSystemOptions { SystemUuid = host ?? Master, ReadOnly = readOnly, Cache = cache });

    /// <summary>The log header as it is on the device now.</summary>
    public LogHeader Header()
    {
        Span<byte> bytes = stackalloc byte[FormatConstants.LogHeaderSize];
        using var device = MemoryDevice.Open(Path, writable: false);
        device.ReadAt(FormatConstants.LogOffset, bytes);
        return LogHeaderCodec.Decode(bytes);
    }

    /// <summary>SHA-256 of the superblock area and the whole log.</summary>
    public string MetadataHash()
    {
        using var device = MemoryDevice.Open(Path, writable: false);
        var superblock = Famfs.Log.FamfsMetadata.ReadSuperblock(device);
        using var mapping = device.Map(0, FormatConstants.MetadataLength(superblock.LogLength), writable: false);
        return Convert.ToHexString(SHA256.HashData(mapping.Read(0, checked((int)mapping.Length))));
    }

    /// <summary>Runs fsck and fails the test with its errors unless it is clean.</summary>
    public FsckReport AssertFsckClean()
    {
        using var device = MemoryDevice.Open(Path, writable: false);
        var report = Fsck.Run(device);
        Assert.True(report.Clean, $"fsck of {Path} found errors:\n  {string.Join("\n  ", report.Errors)}");
        return report;
    }

    public void Dispose() => File.Delete(Path);
}
