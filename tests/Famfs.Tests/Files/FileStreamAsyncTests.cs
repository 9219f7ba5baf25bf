using Famfs.Errors;
using Famfs.Tests.Files.Support;

namespace Famfs.Tests.Files;

/// <summary>A famfs file's stream is memory: its asynchronous calls complete before they return.</summary>
public sealed class FileStreamAsyncTests
{
    [Fact]
    public async Task ReadAsync_and_WriteAsync_complete_synchronously_with_the_bytes()
    {
        using var shm = new ShmFileSystem();
        using var fs = shm.Open();
        fs.CreateFile("f", 4096);
        using var file = fs.OpenFile("f", writable: true);
        using var stream = file.AsStream();

        var write = stream.WriteAsync(new byte[] { 1, 2, 3 }.AsMemory());
        Assert.True(write.IsCompletedSuccessfully);
        stream.Position = 0;
        var buffer = new byte[3];
        var read = stream.ReadAsync(buffer.AsMemory());

        Assert.True(read.IsCompletedSuccessfully);
        Assert.Equal(3, await read);
        Assert.Equal(new byte[] { 1, 2, 3 }, buffer);
        Assert.True(stream.FlushAsync().IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_failing_WriteAsync_returns_a_faulted_task_rather_than_throwing()
    {
        using var shm = new ShmFileSystem();
        using var fs = shm.Open();
        fs.CreateFile("small", 3);
        using var file = fs.OpenFile("small", writable: true);
        using var stream = file.AsStream();

        var write = stream.WriteAsync(new byte[4].AsMemory());

        Assert.True(write.IsFaulted);
        Assert.Equal(Errno.EFBIG, (await Assert.ThrowsAsync<FamfsException>(() => write.AsTask())).Errno);
    }

    [Fact]
    public void A_famfs_error_is_an_IOException_carrying_its_errno()
    {
        var error = new FamfsException(Errno.ENOSPC, "full");

        var io = Assert.IsAssignableFrom<IOException>(error);
        Assert.Equal((int)Errno.ENOSPC, io.HResult);
    }
}
