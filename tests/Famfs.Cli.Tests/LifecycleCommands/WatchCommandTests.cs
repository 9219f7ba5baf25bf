using Famfs.Cli.Tests.FileCommands.Support;
using Famfs.Files;

namespace Famfs.Cli.Tests.LifecycleCommands;

/// <summary>Waiting for files another process creates: the library call and `famfs watch`, against real `famfs creat` processes.</summary>
[RequiresRoot]
public sealed class WatchCommandTests : IDisposable
{
    private readonly CliFixture _cli = new();

    [Fact]
    public async Task WaitForFileAsync_completes_when_a_child_famfs_creat_makes_the_file()
    {
        using var fs = FamfsFileSystem.Open(_cli.Device, new FileSystemOptions { SystemUuid = _cli.Master, ReadOnly = true });
        var wait = fs.WaitForFileAsync("from-child");
        Assert.False(wait.IsCompleted);

        CliFixture.Expect(0, _cli.Exec("creat", "-s", "4k", "from-child"));

        var node = await wait.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("from-child", node.Path);
    }

    [Fact]
    public void Famfs_watch_exits_0_and_prints_each_path_once_another_process_creates_it()
    {
        using var watch = _cli.Start(["watch", "--timeout", "60", "-D", _cli.Device, "one", "two"]);
        Thread.Sleep(TimeSpan.FromSeconds(1)); // let watch start waiting before the files exist
        CliFixture.Expect(0, _cli.Exec("creat", "-s", "4k", "one"));
        CliFixture.Expect(0, _cli.Exec("creat", "-s", "4k", "two"));

        var result = CliFixture.Expect(0, CliFixture.Wait(watch, 60));

        Assert.Equal(["one", "two"], result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
    }

    [Fact]
    public void Famfs_watch_times_out_with_exit_9_naming_the_missing_paths()
    {
        CliFixture.Expect(0, _cli.Exec("creat", "-s", "4k", "present"));

        var result = CliFixture.Expect(ExitCodes.Timeout, _cli.Exec("watch", "--timeout", "0.5", "present", "absent"));

        Assert.Equal("present", result.Stdout.Trim());
        var message = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("absent", message, StringComparison.Ordinal);
        Assert.DoesNotContain("present", message, StringComparison.Ordinal);
    }

    public void Dispose() => _cli.Dispose();
}
