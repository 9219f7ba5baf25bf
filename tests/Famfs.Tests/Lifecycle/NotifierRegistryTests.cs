using Famfs.Errors;
using Famfs.Lifecycle;

namespace Famfs.Tests.Lifecycle;

public sealed class NotifierRegistryTests : IDisposable
{
    private readonly TempDevice _shm = TempDevice.CreateSparse("lifecycle", 64 * Units.MiB);
    private readonly TokenEventRegistry _events = new();

    public void Dispose() => _shm.Dispose();

    [Fact]
    public void Get_returns_one_subscription_per_ops_and_space_and_the_last_Put_frees_it_after_Synchronize()
    {
        var registry = new NotifierRegistry();
        var ops = new CountingOps();
        using var space = CreateSpace("/shared-sub", 0);

        var first = registry.Get(ops, space);
        var second = registry.Get(ops, space);
        var otherOps = registry.Get(new CountingOps(), space);

        Assert.Same(first, second);
        Assert.NotSame(first, otherOps);
        Assert.Equal(2, first.UseCount);
        registry.Put(first);
        registry.Put(second);
        registry.Synchronize();
        Assert.Equal((1, 1), (ops.Allocated, ops.Freed));
        registry.Put(otherOps);
        registry.Synchronize();
        Assert.Throws<InvalidOperationException>(() => registry.Put(first));
    }

    [Fact]
    public void Subscribers_see_invalidate_start_and_end_on_revoke_and_release_on_destroy()
    {
        var registry = new NotifierRegistry();
        var ops = new CountingOps();
        var space = CreateSpace("/observed", 0);
        var subscription = (CountingSubscription)registry.Get(ops, space);

        space.Revoke("observed");
        space.Dispose();

        Assert.Equal(["start /observed", "end /observed", "release /observed"], subscription.Calls);
        registry.Put(subscription);
        registry.Synchronize();
        Assert.Throws<FamfsException>(() => registry.Get(ops, space));
    }

    [Fact]
    public void Use_count_overflow_is_an_error_not_a_wrap()
    {
        var registry = new NotifierRegistry(maxUsers: 2);
        using var space = CreateSpace("/overflow", 0);
        var ops = new CountingOps();
        var subscription = registry.Get(ops, space);
        registry.Get(ops, space);

        var error = Assert.Throws<FamfsException>(() => registry.Get(ops, space));
        Assert.Equal(Errno.EOVERFLOW, error.Errno);
        Assert.Equal(2, subscription.UseCount);
    }

    [Fact]
    public void Put_from_inside_a_callback_does_not_deadlock_and_frees_after_the_callback()
    {
        var registry = new NotifierRegistry();
        var ops = new CountingOps { PutFromStart = registry };
        using var space = CreateSpace("/self-put", 0);
        registry.Get(ops, space);

        Watchdog.Run(TimeSpan.FromSeconds(5), () =>
        {
            space.Revoke("callback puts");
            registry.Synchronize();
        });

        Assert.Equal((1, 1), (ops.Allocated, ops.Freed));
        Assert.False(ops.CalledAfterFree);
    }

    [Fact]
    public void No_callback_runs_after_Put_and_Synchronize_even_under_concurrent_Get_Put_and_revoke()
    {
        var registry = new NotifierRegistry();
        var ops = new CountingOps();
        var spaces = Enumerable.Range(0, 4).Select(i => CreateSpace($"/stress-{i}", (ulong)i)).ToArray();
        try
        {
            Watchdog.Run(TimeSpan.FromSeconds(10), () =>
            {
                var stop = DateTime.UtcNow + TimeSpan.FromSeconds(1.5);
                var workers = Enumerable.Range(0, 8).Select(worker => new Thread(() =>
                {
                    var random = new Random(worker);
                    while (DateTime.UtcNow < stop)
                    {
                        var space = spaces[random.Next(spaces.Length)];
                        if (worker == 0)
                        {
                            RevokeAll(space);
                            continue;
                        }

                        var subscription = registry.Get(ops, space);
                        Thread.SpinWait(random.Next(50));
                        registry.Put(subscription);
                    }
                })).ToList();
                workers.ForEach(thread => thread.Start());
                workers.ForEach(thread => thread.Join());
                registry.Synchronize();
            });

            Assert.True(ops.Allocated > 0);
            Assert.Equal(ops.Allocated, ops.Freed);
            Assert.False(ops.CalledAfterFree, "a callback ran on a freed subscription");
            Assert.Equal(0, registry.PendingFrees);
        }
        finally
        {
            Array.ForEach(spaces, space => space.Dispose());
        }
    }

    /// <summary>Fires invalidation callbacks without making the file unusable: a claim over its (unmapped) extent, released at once.</summary>
    private void RevokeAll(AddressSpace space)
    {
        var extent = space.Extents[0];
        DeviceRangeIndex.For(extent.Device).Claim(extent.Range, exclusive: true, "stress").Dispose();
    }

    private AddressSpace CreateSpace(string name, ulong slot) =>
        AddressSpace.Create(name, [new DeviceExtent(_shm.Device.Identity, new DeviceRange(slot * 4096, 4096))], _events);

    private sealed class CountingOps : INotifierOps
    {
        private int _allocated;
        private int _freed;

        public int Allocated => Volatile.Read(ref _allocated);

        public int Freed => Volatile.Read(ref _freed);

        public bool CalledAfterFree { get; set; }

        public NotifierRegistry? PutFromStart { get; init; }

        public NotifierSubscription Allocate(AddressSpace space)
        {
            Interlocked.Increment(ref _allocated);
            return new CountingSubscription(this);
        }

        public void Free(NotifierSubscription subscription)
        {
            ((CountingSubscription)subscription).Freed = true;
            Interlocked.Increment(ref _freed);
        }
    }

    private sealed class CountingSubscription(CountingOps ops) : NotifierSubscription
    {
        public List<string> Calls { get; } = [];

        public volatile bool Freed;

        public override void InvalidateRangeStart(in InvalidationRange range)
        {
            Record($"start {range.Space.Name}");
            ops.PutFromStart?.Put(this);
        }

        public override void InvalidateRangeEnd(in InvalidationRange range) => Record($"end {range.Space.Name}");

        public override void Release(AddressSpace space) => Record($"release {space.Name}");

        private void Record(string call)
        {
            if (Freed)
            {
                ops.CalledAfterFree = true;
            }

            lock (Calls)
            {
                Calls.Add(call);
            }
        }
    }
}
