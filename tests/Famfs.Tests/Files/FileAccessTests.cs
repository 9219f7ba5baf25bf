using Famfs.Devices;
using Famfs.Errors;
using Famfs.Tests.Files.Support;

namespace Famfs.Tests.Files;

/// <summary>The public API takes <see cref="FileAccess"/>, as .NET's own file APIs do.</summary>
public sealed class FileAccessTests : IDisposable
{
    private readonly ShmFileSystem _shm = new();

    public void Dispose() => _shm.Dispose();

    [Theory]
    [InlineData(FileAccess.ReadWrite)]
    [InlineData(FileAccess.Write)]
    public void A_file_opened_for_writing_takes_writes_and_reads_them_back(FileAccess access)
    {
        using var fs = _shm.Open();
        fs.CreateFile("f", 4096);
        using (var file = fs.OpenFile("f", access))
        {
            file.Write(0, "famfs"u8);
        }

        using var reader = fs.OpenFile("f");
        Assert.Equal("famfs"u8.ToArray(), reader.GetReadOnlySpan(0, 5).ToArray());
    }

    [Fact]
    public void A_file_opened_for_reading_refuses_writes_and_an_undefined_access_is_refused()
    {
        using var fs = _shm.Open();
        fs.CreateFile("f", 4096);
        using var file = fs.OpenFile("f", FileAccess.Read);
        Assert.False(file.Writable);
        Assert.Equal(Errno.EBADF, Assert.Throws<FamfsException>(() => file.Write(0, "x"u8)).Errno);
        Assert.Throws<ArgumentOutOfRangeException>(() => fs.OpenFile("f", (FileAccess)0));
    }

    [Fact]
    public void A_device_opened_for_reading_cannot_be_mapped_writable()
    {
        using var device = MemoryDevice.Open(_shm.Path, FileAccess.Read);
        Assert.False(device.Writable);
        using var writable = MemoryDevice.Open(_shm.Path, FileAccess.ReadWrite);
        Assert.True(writable.Writable);
        Assert.Throws<ArgumentOutOfRangeException>(() => MemoryDevice.Open(_shm.Path, (FileAccess)8));
    }
}
