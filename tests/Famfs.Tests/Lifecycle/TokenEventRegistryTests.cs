using Famfs.Errors;
using Famfs.Lifecycle;

namespace Famfs.Tests.Lifecycle;

public sealed class TokenEventRegistryTests
{
    private static readonly LifecycleToken Token = LifecycleToken.ForPath("/data/model.bin");
    private readonly TokenEventRegistry _registry = new();

    [Fact]
    public void A_handler_registered_before_the_set_exists_sees_its_whole_life()
    {
        var seen = new List<TokenEventKind>();
        using var subscription = _registry.Register(Token, e => seen.Add(e.Kind));

        var set = _registry.CreateSet(Token);
        set.Publish(TokenEventKind.Revoked, "test");
        set.Publish(TokenEventKind.Poisoned, "test");
        set.Dispose();
        using var recreated = _registry.CreateSet(Token);

        Assert.Equal([TokenEventKind.Created, TokenEventKind.Revoked, TokenEventKind.Poisoned, TokenEventKind.Destroyed, TokenEventKind.Created], seen);
    }

    [Fact]
    public void File_system_tokens_are_distinct_from_path_tokens()
    {
        var uuid = Guid.NewGuid();
        var seen = new List<LifecycleToken>();
        using var subscription = _registry.Register(LifecycleToken.ForFileSystem(uuid), e => seen.Add(e.Token));
        using var unrelated = _registry.CreateSet(LifecycleToken.ForPath(uuid.ToString()));
        using var set = _registry.CreateSet(LifecycleToken.ForFileSystem(uuid));

        Assert.Equal([LifecycleToken.ForFileSystem(uuid)], seen);
    }

    [Fact]
    public void The_same_handler_twice_for_one_token_is_EBUSY()
    {
        Action<TokenEvent> handler = _ => { };
        using var first = _registry.Register(Token, handler);

        var error = Assert.Throws<FamfsException>(() => _registry.Register(Token, handler));

        Assert.Equal(Errno.EBUSY, error.Errno);
        using var otherToken = _registry.Register(LifecycleToken.ForPath("/other"), handler);
        first.Dispose();
        using var again = _registry.Register(Token, handler);
    }

    [Fact]
    public void Unregister_during_delivery_waits_for_the_running_call_and_stops_later_ones()
    {
        using var inHandler = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var calls = 0;
        var running = 0;
        var subscription = _registry.Register(Token, _ =>
        {
            Interlocked.Increment(ref calls);
            Volatile.Write(ref running, 1);
            inHandler.Set();
            release.Wait();
            Volatile.Write(ref running, 0);
        });

        Watchdog.Run(TimeSpan.FromSeconds(5), () =>
        {
            var publisher = new Thread(() =>
            {
                using var set = _registry.CreateSet(Token);
                set.Publish(TokenEventKind.Revoked, "after unregister");
            });
            publisher.Start();
            inHandler.Wait();

            var unregister = new Thread(subscription.Dispose);
            unregister.Start();
            Assert.False(unregister.Join(TimeSpan.FromMilliseconds(100)), "Unregister must wait for the running call");
            release.Set();
            unregister.Join();
            Assert.Equal(0, Volatile.Read(ref running));
            publisher.Join();
        });

        Assert.Equal(1, calls);
    }

    [Fact]
    public void Unregister_from_inside_the_handler_during_destroy_returns_and_stops_delivery()
    {
        var seen = new List<TokenEventKind>();
        TokenSubscription? subscription = null;
        subscription = _registry.Register(Token, e =>
        {
            seen.Add(e.Kind);
            if (e.Kind == TokenEventKind.Destroyed)
            {
                subscription!.Dispose();
            }
        });

        Watchdog.Run(TimeSpan.FromSeconds(5), () =>
        {
            _registry.CreateSet(Token).Dispose();
            _registry.CreateSet(Token).Dispose();
        });

        Assert.Equal([TokenEventKind.Created, TokenEventKind.Destroyed], seen);
        Assert.False(_registry.Exists(Token));
    }

    [Fact]
    public async Task WaitForTokenAsync_completes_on_creation_or_at_once_when_it_exists()
    {
        var waiting = _registry.WaitForTokenAsync(Token);
        Assert.False(waiting.IsCompleted);

        using var set = _registry.CreateSet(Token);

        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        await _registry.WaitForTokenAsync(Token).WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task WaitForTokenAsync_is_cancellable_and_leaves_no_subscription_behind()
    {
        using var cancellation = new CancellationTokenSource();
        var waiting = _registry.WaitForTokenAsync(Token, cancellation.Token);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        var seen = 0;
        using var probe = _registry.Register(Token, _ => seen++);
        using var set = _registry.CreateSet(Token);
        Assert.Equal(1, seen);
    }

    [Fact]
    public void Many_threads_registering_unregistering_publishing_and_destroying_never_deadlock_or_call_after_unregister()
    {
        var tokens = Enumerable.Range(0, 4).Select(i => LifecycleToken.ForPath($"/stress/{i}")).ToArray();
        var lateCalls = 0;
        var failures = 0;
        _registry.HandlerFailed += (_, _) => Interlocked.Increment(ref failures);

        Watchdog.Run(TimeSpan.FromSeconds(10), () =>
        {
            var stop = DateTime.UtcNow + TimeSpan.FromSeconds(1.5);
            var workers = Enumerable.Range(0, 8).Select(worker => new Thread(() =>
            {
                var random = new Random(worker);
                while (DateTime.UtcNow < stop)
                {
                    var token = tokens[random.Next(tokens.Length)];
                    if (worker % 2 == 0)
                    {
                        ChurnSet(token, tokens[random.Next(tokens.Length)]);
                    }
                    else
                    {
                        ChurnSubscription(token, ref lateCalls);
                    }
                }
            })).ToList();
            workers.ForEach(thread => thread.Start());
            workers.ForEach(thread => thread.Join());
        });

        Assert.Equal(0, lateCalls);
        Assert.Equal(0, failures);
    }

    /// <summary>Creates a set, publishes from inside a handler onto another token (cross-token nesting), destroys it.</summary>
    private void ChurnSet(LifecycleToken token, LifecycleToken other)
    {
        try
        {
            using var set = _registry.CreateSet(token);
            using var crossPublisher = _registry.Register(token, e =>
            {
                if (e.Kind == TokenEventKind.Revoked)
                {
                    // A capturing lambda: a cached static one would be the same handler on every thread (EBUSY).
                    var owner = set;
                    _registry.Register(other, _ => GC.KeepAlive(owner)).Dispose();
                }
            });
            set.Publish(TokenEventKind.Revoked, "stress");
        }
        catch (FamfsException e) when (e.Errno == Errno.EEXIST)
        {
            // Another worker holds the set of this token right now.
        }
    }

    private void ChurnSubscription(LifecycleToken token, ref int lateCalls)
    {
        var unregistered = 0;
        var lateCounter = new int[1];
        var subscription = _registry.Register(token, _ =>
        {
            if (Volatile.Read(ref unregistered) != 0)
            {
                Interlocked.Increment(ref lateCounter[0]);
            }

            Thread.SpinWait(20);
        });
        Thread.SpinWait(200);
        subscription.Dispose();
        Volatile.Write(ref unregistered, 1);
        Thread.SpinWait(200);
        Interlocked.Add(ref lateCalls, lateCounter[0]);
    }
}
