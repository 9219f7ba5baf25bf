using Famfs.Errors;
using Famfs.Lifecycle;

namespace Famfs.Tests.Lifecycle;

public sealed class AddressSpaceRevocationTests : IDisposable
{
    private const ulong Chunk = 2 * Units.MiB;
    private readonly TempDevice _shm = TempDevice.CreateSparse("lifecycle", 64 * Units.MiB);
    private readonly TokenEventRegistry _events = new();

    public void Dispose() => _shm.Dispose();

    [Fact]
    public void Access_reads_and_writes_device_memory_in_place()
    {
        using var space = CreateSpace("/a", 0, Chunk);
        using var writer = space.Map(_shm.Device, 0, Chunk, writable: true);
        using var reader = space.Map(_shm.Device, 0, Chunk, writable: false);
        using (var access = writer.Access())
        {
            access.Write(100, 3).Fill(0x5A);
        }

        using var read = reader.Access();
        Assert.Equal([0x5A, 0x5A, 0x5A], read.Read(100, 3).ToArray());
        Assert.Equal(2, space.MappingCount);
    }

    [Fact]
    public void Revoked_mapping_throws_names_the_file_and_its_range_is_PROT_NONE()
    {
        using var space = CreateSpace("/revoked-file", 0, Chunk);
        using var mapping = space.Map(_shm.Device, 0, Chunk, writable: true);
        using (var access = mapping.Access())
        {
            access.Write(0, 1)[0] = 42;
        }

        var report = space.Revoke("test");

        Assert.Equal(1, report.MappingsRevoked);
        Assert.True(report.ReadersDrained);
        var error = Assert.Throws<MappingRevokedException>(() => mapping.Access().Dispose());
        Assert.Equal(Errno.ENXIO, error.Errno);
        Assert.Contains("/revoked-file", error.Message, StringComparison.Ordinal);
        Assert.Equal(RevocationCause.FileRevoked, error.Reason.Cause);
        Assert.Equal(("---p", string.Empty), MemoryProbe.Describe(mapping.Address));
        Assert.Equal(MemoryProbe.EFAULT, MemoryProbe.TryKernelRead(mapping.Address));
        Assert.Throws<MappingRevokedException>(() => space.Map(_shm.Device, 0, Chunk, writable: false));
    }

    [Fact]
    public async Task A_claim_racing_a_revocation_returns_only_once_the_mapping_is_unreachable()
    {
        using var space = CreateSpace("/raced", 0, Chunk);
        using var mapping = space.Map(_shm.Device, 0, Chunk, writable: false);
        var reader = new StuckReader(mapping);
        var first = Task.Run(() => space.Revoke("first", new RevocationOptions(TimeSpan.FromSeconds(30))));
        Assert.True(SpinWait.SpinUntil(() => mapping.IsRevoked, TimeSpan.FromSeconds(10)), "the first revocation never marked the mapping");
        var readerLeaves = Task.Run(async () =>
        {
            await Task.Delay(300);
            reader.Dispose();
        });

        // The first revocation marked the mapping and waits for the reader; the claim must not
        // return while the memory is still mapped.
        using var claim = DeviceRangeIndex.For(_shm.Device).Claim(new DeviceRange(0, Chunk), exclusive: true, "second");

        Assert.Equal(("---p", string.Empty), MemoryProbe.Describe(mapping.Address));
        Assert.True(claim.Revocation.ReadersDrained);
        await readerLeaves;
        Assert.Equal(1, (await first).MappingsRevoked);
    }

    [Fact]
    public void Revoking_one_file_leaves_an_adjacent_file_intact()
    {
        using var a = CreateSpace("/adjacent-a", 0, Chunk);
        using var b = CreateSpace("/adjacent-b", Chunk, Chunk);
        using var mapA = a.Map(_shm.Device, 0, Chunk, writable: true);
        using var mapB = b.Map(_shm.Device, Chunk, Chunk, writable: true);
        using (var access = mapB.Access())
        {
            access.Write(Chunk - 1, 1)[0] = 7;
        }

        a.Revoke("only a");

        Assert.True(mapA.IsRevoked);
        Assert.False(mapB.IsRevoked);
        Assert.StartsWith("rw-s", MemoryProbe.Describe(mapB.Address).Permissions, StringComparison.Ordinal);
        using var read = mapB.Access();
        Assert.Equal(7, read.Read(Chunk - 1, 1)[0]);
    }

    [Fact]
    public void Revocation_waits_for_a_reader_inside_its_section()
    {
        using var space = CreateSpace("/reader", 0, Chunk);
        using var mapping = space.Map(_shm.Device, 0, Chunk, writable: false);
        using var entered = new ManualResetEventSlim();
        using var leave = new ManualResetEventSlim();
        var readerSawData = false;
        var reader = new Thread(() =>
        {
            using var access = mapping.Access();
            entered.Set();
            leave.Wait();
            readerSawData = access.Read(0, 1)[0] == 0;
        });
        reader.Start();
        entered.Wait();

        RevocationReport? report = null;
        var revoker = new Thread(() => report = space.Revoke("while reading"));
        revoker.Start();
        Assert.False(revoker.Join(TimeSpan.FromMilliseconds(200)), "the revocation must wait for the reader");
        leave.Set();

        Assert.True(revoker.Join(TimeSpan.FromSeconds(5)));
        reader.Join();
        Assert.True(readerSawData);
        Assert.True(report!.ReadersDrained);
    }

    [Fact]
    public void Revocation_proceeds_after_the_reader_timeout()
    {
        using var space = CreateSpace("/stuck-reader", 0, Chunk);
        using var mapping = space.Map(_shm.Device, 0, Chunk, writable: false);
        RevocationReport report;
        using (new StuckReader(mapping))
        {
            report = space.Revoke("stuck", new RevocationOptions(TimeSpan.FromMilliseconds(50)));
        }

        Assert.False(report.ReadersDrained);
        Assert.Equal("---p", MemoryProbe.Describe(mapping.Address).Permissions);
    }

    [Fact]
    public void Listeners_hear_revocations_until_unregistered()
    {
        using var space = CreateSpace("/listened", 0, Chunk);
        var listener = new RecordingListener();
        var registration = space.AddListener(listener);
        space.Revoke("first");
        registration.Dispose();

        Assert.Equal([RevocationCause.FileRevoked], listener.Causes);
    }

    [Fact]
    public void Revoking_from_inside_a_read_section_is_refused()
    {
        using var space = CreateSpace("/self", 0, Chunk);
        using var mapping = space.Map(_shm.Device, 0, Chunk, writable: false);
        var access = mapping.Access();
        try
        {
            Assert.Throws<InvalidOperationException>(() => space.Revoke("from inside"));
        }
        finally
        {
            access.Dispose();
        }
    }

    [Fact]
    public void Disposed_mapping_is_unmapped_and_unregistered()
    {
        using var space = CreateSpace("/disposed", 0, Chunk);
        var mapping = space.Map(_shm.Device, 0, Chunk, writable: false);
        var address = mapping.Address;
        mapping.Dispose();

        Assert.Equal(0, space.MappingCount);
        Assert.Throws<ObjectDisposedException>(() => mapping.Access().Dispose());
        Assert.NotEqual(_shm.Path, MemoryProbe.Describe(address).Path);
    }

    [Fact]
    public void Mapping_outside_the_file_is_refused()
    {
        using var space = CreateSpace("/small", 0, Chunk);
        var error = Assert.Throws<FamfsException>(() => space.Map(_shm.Device, Chunk, Chunk, writable: false));
        Assert.Equal(Errno.EINVAL, error.Errno);
    }

    [Fact]
    public void Two_live_spaces_with_one_name_are_refused()
    {
        using var space = CreateSpace("/twice", 0, Chunk);
        var error = Assert.Throws<FamfsException>(() => CreateSpace("/twice", Chunk, Chunk));
        Assert.Equal(Errno.EEXIST, error.Errno);
    }

    private AddressSpace CreateSpace(string name, ulong offset, ulong length) =>
        AddressSpace.Create(name, [new DeviceExtent(_shm.Device.Identity, new DeviceRange(offset, length))], _events);

    private sealed class RecordingListener : IRevocationListener
    {
        public List<RevocationCause> Causes { get; } = [];

        public void OnRevoked(AddressSpace space, RevocationReason reason) => Causes.Add(reason.Cause);
    }
}
