using Famfs.Errors;
using Famfs.Lifecycle;
using Famfs.Tests.Files.Support;

namespace Famfs.Tests.Wiring;

/// <summary>Path tokens of a file system: kinds that never collide with address spaces, and events every subscriber hears.</summary>
public sealed class PathEventTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly ShmFileSystem _shm = new();

    public void Dispose() => _shm.Dispose();

    [Fact]
    public async Task A_plain_path_subscriber_hears_Created_when_another_instance_creates_the_path_and_nobody_waits()
    {
        using var listener = _shm.Open(host: Guid.NewGuid());
        using var creator = _shm.Open();
        var created = new TaskCompletionSource<TokenEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = listener.Events.Register(LifecycleToken.ForPath("d/new"), e =>
        {
            if (e.Kind == TokenEventKind.Created)
            {
                created.TrySetResult(e);
            }
        });

        creator.CreateDirectory("d");
        creator.CreateFile("d/new", 4096);

        Assert.Equal(LifecycleToken.ForPath("d/new"), (await created.Task.WaitAsync(Patience)).Token);
    }

    [Fact]
    public void A_plain_path_subscriber_hears_Created_for_a_create_in_its_own_instance()
    {
        using var fs = _shm.Open();
        var seen = new List<TokenEvent>();
        using (fs.Events.Register(LifecycleToken.ForPath("mine"), seen.Add))
        {
            fs.CreateFile("mine", 4096);
        }

        Assert.Equal([new TokenEvent(LifecycleToken.ForPath("mine"), TokenEventKind.Created, null)], seen);
    }

    [Fact]
    public async Task Waiting_for_a_path_spelled_like_an_open_files_address_space_does_not_complete()
    {
        using var fs = _shm.Open();
        fs.CreateFile("X", 4096);
        using var file = fs.OpenFile("X");
        var spaceName = fs.GetAddressSpace("X").Name;
        Assert.NotEqual(LifecycleToken.ForPath(spaceName), fs.GetAddressSpace("X").Token);

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fs.WaitForFileAsync(spaceName, cancel.Token).WaitAsync(Patience));
    }

    [Fact]
    public async Task A_file_opens_after_a_path_spelled_like_its_address_space_was_waited_for_and_created()
    {
        using var client = _shm.Open(host: Guid.NewGuid());
        using var master = _shm.Open();
        master.CreateFile("Z", 4096);
        client.Refresh();
        var zName = client.GetAddressSpace("Z").Name;
        var lookalike = "Y" + zName[1..]; // the name the client's address space of "Y" will get

        var wait = client.WaitForFileAsync(lookalike);
        master.CreateFile(lookalike, 4096);
        Assert.Equal(lookalike, (await wait.WaitAsync(Patience)).Path);
        master.CreateFile("Y", 4096);
        client.Refresh();

        using var y = client.OpenFile("Y");
        Assert.Equal("Y" + zName[1..], y.Space.Name);
    }

    [Fact]
    public void Tokens_of_different_kinds_with_the_same_text_differ()
    {
        var uuid = Guid.NewGuid();
        Assert.NotEqual(LifecycleToken.ForPath("a"), LifecycleToken.ForAddressSpace("a"));
        Assert.NotEqual(LifecycleToken.ForPath(uuid.ToString("D")), LifecycleToken.ForFileSystem(uuid));
        Assert.NotEqual(LifecycleToken.ForAddressSpace(uuid.ToString("D")), LifecycleToken.ForFileSystem(uuid));
        Assert.Equal(LifecycleToken.ForPath("a"), LifecycleToken.ForPath("a"));
    }

    [Fact]
    public void A_duplicate_handler_for_a_path_is_refused_with_EBUSY()
    {
        using var fs = _shm.Open();
        Action<TokenEvent> handler = _ => { };
        using var first = fs.Events.Register(LifecycleToken.ForPath("p"), handler);
        Assert.Equal(Errno.EBUSY, Assert.Throws<FamfsException>(() => fs.Events.Register(LifecycleToken.ForPath("p"), handler)).Errno);
    }
}
