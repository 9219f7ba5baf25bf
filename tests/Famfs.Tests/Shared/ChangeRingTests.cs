using Famfs.Files;
using Famfs.Format;
using Famfs.Shared;
using Famfs.Tests.Files.Support;

namespace Famfs.Tests.Shared;

/// <summary>
/// The change rings (docs/SHARED-STATE.md, "Change rings"): a poll after writes names exactly the
/// files written, and says it cannot tell — so the reader re-reads every watched generation —
/// whenever a ring overflowed or an entry is not the bump it should be. Each
/// <see cref="FamfsFileSystem"/> plays one host (or one process of a host) on one /dev/shm device.
/// </summary>
public sealed class ChangeRingTests : IDisposable
{
    private readonly ShmFileSystem _shm = new();
    private readonly FamfsFileSystem _master;
    private readonly FamfsFileSystem _reader;
    private readonly Guid _writerHost = Guid.NewGuid();
    private WriteSequenceState _state;

    public ChangeRingTests()
    {
        _master = _shm.Open();
        _master.CreateSharedArea();
        _reader = _shm.Open(Guid.NewGuid());
        Assert.True(Changes().Unknown); // a reader's first poll knows nothing yet
    }

    public void Dispose()
    {
        _reader.Dispose();
        _master.Dispose();
        _shm.Dispose();
    }

    [Fact]
    public void A_poll_after_writes_on_two_hosts_names_exactly_the_files_written()
    {
        var files = Enumerable.Range(0, 5).Select(i => _master.CreateFile($"f{i}", 4096).LogIndex).ToArray();
        using var writer = _shm.Open(_writerHost);
        Write(_master, "f0");
        Write(writer, "f3");
        Write(writer, "f0");

        AssertNamed(files[0], files[3]);
        Assert.False(Changes().Any);
    }

    [Fact]
    public void A_poll_after_more_bumps_than_a_ring_holds_cannot_tell_and_the_next_one_can_again()
    {
        var file = _master.CreateFile("f", 4096).LogIndex;
        for (var i = 0; i <= SharedAreaLayout.ChangeRingEntries; i++)
        {
            _master.Shared!.Generations.Bump(file);
        }

        Assert.True(Changes().Unknown);
        _master.Shared!.Generations.Bump(file);
        AssertNamed(file);
    }

    [Fact]
    public void A_poll_exactly_one_ring_behind_still_names_every_file()
    {
        var files = Enumerable.Range(0, SharedAreaLayout.ChangeRingEntries).Select(i => _master.CreateFile($"f{i}", 4096).LogIndex).ToArray();
        foreach (var file in files)
        {
            _master.Shared!.Generations.Bump(file);
        }

        AssertNamed(files);
    }

    [Fact]
    public void An_entry_overwritten_by_a_later_bump_of_the_same_host_makes_the_poll_unknown()
    {
        var (first, later) = (_master.CreateFile("a", 4096).LogIndex, _master.CreateFile("b", 4096).LogIndex);
        _master.Shared!.Generations.Bump(first);
        var sequence = SequenceOf(_master);

        // The entry as the bump 512 sequences later leaves it, which a reader that read the
        // sequence just before those bumps (another process of the host) finds in its place.
        var hosts = _master.Shared.Hosts;
        hosts.File.WriteWord(SharedAreaLayout.ChangeEntryOffset(hosts.Slot, sequence),
            SharedAreaCodec.EncodeChange(sequence + SharedAreaLayout.ChangeRingEntries, later));

        Assert.True(Changes().Unknown);
    }

    [Fact]
    public void A_bump_without_its_ring_entry_as_made_before_the_rings_existed_makes_the_poll_unknown_and_the_next_bump_is_named()
    {
        // An area made before the rings has the same bytes (zero) where they are, and a process of
        // that version, or one that died between its increment and its entry, bumps without one.
        var file = _master.CreateFile("f", 4096).LogIndex;
        var generations = _master.Shared!.Generations;
        generations.File.WriteWord(SharedAreaLayout.GenerationOffset(file), SharedAreaLayout.NextGeneration(generations.Read(file), _master.Shared.Hosts.Slot));
        var sequence = _master.Shared.Hosts.OwnField(SharedAreaLayout.WriteSequenceOffset);
        _master.Shared.Hosts.File.WriteWord(sequence, _master.Shared.Hosts.File.ReadWord(sequence) + 1);

        Assert.True(Changes().Unknown);
        Write(_master, "f");
        AssertNamed(file);
    }

    [Fact]
    public async Task A_reader_polling_while_two_processes_of_one_host_bump_concurrently_never_misses_a_write()
    {
        // Two opens of one host share its slot and its write sequence, as two processes do. Each
        // bumps its own files once, fewer in all than a ring holds, so only a bump still between its
        // increment and its entry can make a poll unknown, and a missed bump is never hidden by a
        // later bump of the same file.
        const int each = (SharedAreaLayout.ChangeRingEntries / 2) - 1;
        var indexes = Enumerable.Range(0, 2 * each).Select(i => _master.CreateFile($"f{i}", 4096).LogIndex).ToArray();
        using var one = _shm.Open(_writerHost);
        using var two = _shm.Open(_writerHost);
        Assert.Equal(one.Shared!.Hosts.Slot, two.Shared!.Hosts.Slot);
        var generations = _reader.Shared!.Generations;
        var tracked = indexes.ToDictionary(i => i, generations.Read);
        var (listed, unknown) = (0, 0);

        using var start = new Barrier(2);
        var writers = new[] { one, two }.Select((fs, w) => Task.Run(() =>
        {
            var random = new Random(w);
            start.SignalAndWait();
            foreach (var index in indexes.Skip(w * each).Take(each))
            {
                fs.Shared!.Generations.Bump(index);
                Thread.SpinWait(random.Next(2000)); // spread the bumps over the reader's polls
            }
        })).ToArray();
        while (!writers.All(w => w.IsCompleted))
        {
            _ = Track(generations, tracked) ? unknown++ : listed++;
        }

        await Task.WhenAll(writers);
        Assert.False(Track(generations, tracked)); // every entry is written now

        Assert.All(indexes, i => Assert.Equal(generations.Read(i), tracked[i]));
        Assert.True(listed > 1, $"{listed} polls were answered from the rings, {unknown} could not tell");
    }

    [Theory]
    [InlineData(1)] // close together: one pass over their lines
    [InlineData(20)] // scattered: each read alone
    public void A_full_re_read_gives_every_watched_file_the_generation_reading_it_alone_gives(int stride)
    {
        var indexes = Enumerable.Range(0, 60).Select(i => _master.CreateFile($"f{i}", 4096).LogIndex).Where((_, i) => i % stride == 0).Reverse().ToArray();
        foreach (var (index, times) in indexes.Select((index, i) => (index, i % 3)))
        {
            for (var t = 0; t < times; t++)
            {
                _master.Shared!.Generations.Bump(index);
            }
        }

        var generations = _reader.Shared!.Generations;
        var many = new ulong[indexes.Length];
        generations.ReadMany(indexes, many);
        Assert.Equal(indexes.Select(generations.Read), many);
        Assert.Contains(many, generation => generation >> 8 == 2);
    }

    /// <summary>One poll as a coherent mount makes it: re-reads the generations the changes name (all when unknown); returns whether it was unknown.</summary>
    private bool Track(WriteGenerations generations, Dictionary<ulong, ulong> tracked)
    {
        var changes = Changes();
        var watched = changes.Unknown ? [.. tracked.Keys] : changes.Files.Where(tracked.ContainsKey).ToArray();
        var now = new ulong[watched.Length];
        generations.ReadMany(watched, now);
        for (var i = 0; i < watched.Length; i++)
        {
            tracked[watched[i]] = now[i];
        }

        return changes.Unknown;
    }

    private void AssertNamed(params ulong[] files)
    {
        var changes = Changes();
        Assert.False(changes.Unknown);
        Assert.Equal(files.Order(), changes.Files.Order());
    }

    private WriteChanges Changes() => _reader.Shared!.Generations.Changes(ref _state);

    private static ulong SequenceOf(FamfsFileSystem fs) =>
        fs.Shared!.Hosts.File.ReadWord(fs.Shared.Hosts.OwnField(SharedAreaLayout.WriteSequenceOffset));

    private static void Write(FamfsFileSystem fs, string path)
    {
        using var file = fs.OpenFile(path, FileAccess.ReadWrite);
        file.Write(0, "x"u8);
    }
}
