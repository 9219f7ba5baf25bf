using Famfs.Tests.Files.Support;

namespace Famfs.Tests.Wiring;

/// <summary>WaitForFileAsync in one process: early registration, another instance's create, cancellation, dispose.</summary>
public sealed class WaitForFileTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly ShmFileSystem _shm = new();

    [Fact]
    public async Task A_waiter_registered_before_the_file_exists_completes_when_another_instance_creates_it()
    {
        using var watcher = _shm.Open();
        using var creator = _shm.Open();
        var wait = watcher.WaitForFileAsync("d/later");
        await Task.Delay(150);
        Assert.False(wait.IsCompleted);

        creator.CreateDirectory("d");
        creator.CreateFile("d/later", 4096);

        var node = await wait.WaitAsync(Patience);
        Assert.Equal("d/later", node.Path);
    }

    [Fact]
    public async Task An_existing_path_completes_at_once()
    {
        using var fs = _shm.Open();
        fs.CreateFile("now", 4096);
        Assert.Equal("now", (await fs.WaitForFileAsync("/now").WaitAsync(Patience)).Path);
    }

    [Fact]
    public async Task Cancelling_and_disposing_end_the_wait()
    {
        var fs = _shm.Open();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fs.WaitForFileAsync("never", cancel.Token).WaitAsync(Patience));

        var pending = fs.WaitForFileAsync("never");
        fs.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => pending.WaitAsync(Patience));
    }

    public void Dispose() => _shm.Dispose();
}
