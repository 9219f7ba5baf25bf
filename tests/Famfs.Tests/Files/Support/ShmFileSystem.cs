using Famfs.Admin;
using Famfs.Files;
using Famfs.Format;
using Famfs.Lifecycle;

namespace Famfs.Tests.Files.Support;

/// <summary>
/// A freshly formatted famfs file system on a <see cref="TempDevice"/>, deleted on dispose.
/// <see cref="Master"/> is the system UUID mkfs recorded; open instances as master or client with it.
/// </summary>
internal sealed class ShmFileSystem : IDisposable
{
    private readonly TempDevice _file;

    public ShmFileSystem(ulong size = 4 * Units.GiB, ulong logLength = FormatConstants.DefaultLogLength)
    {
        _file = TempDevice.CreateSparse("files", size);
        try
        {
            using var device = _file.Open(writable: true);
            Mkfs.Format(device, logLength, force: false, Master);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Path => _file.Path;

    public Guid Master { get; } = Guid.NewGuid();

    /// <summary>Opens a new <see cref="FamfsFileSystem"/> instance on the device (master unless <paramref name="host"/> says otherwise).</summary>
    public FamfsFileSystem Open(Guid? host = null, bool readOnly = false, CacheMode cache = CacheMode.None) =>
        FamfsFileSystem.Open(Path, new FileSystemOptions { SystemUuid = host ?? Master, ReadOnly = readOnly, Cache = cache });

    /// <inheritdoc cref="TempDevice.ReadLogHeader"/>
    public LogHeader Header() => _file.ReadLogHeader();

    /// <inheritdoc cref="TempDevice.MetadataHash"/>
    public string MetadataHash() => _file.MetadataHash();

    /// <inheritdoc cref="TempDevice.AssertFsckClean"/>
    public FsckReport AssertFsckClean() => _file.AssertFsckClean();

    public void Dispose() => _file.Dispose();
}
