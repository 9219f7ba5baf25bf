using Famfs.Namespace;
using Famfs.Tests.TestSupport;

namespace Famfs.Tests.Namespace;

public class ChildTableTests
{
    [Fact]
    public void Thousands_of_children_are_found_by_name_and_enumerated_once_each()
    {
        var (tree, outcomes) = Records.Play([.. Enumerable.Range(0, 3000).Select(i => Records.File($"f{i}", (ulong)(i + 5) << 21))]);
        Assert.All(outcomes, o => Assert.Null(o.Problem));
        var children = tree.Root.Children;
        Assert.Equal(3000, children.Count);
        Assert.Equal(Enumerable.Range(0, 3000).Select(i => $"f{i}").Order(StringComparer.Ordinal), children.Keys.Order(StringComparer.Ordinal));
        Assert.All(children, pair => Assert.Same(pair.Value, tree.Root.Find(pair.Key)));
        Assert.True(children.TryGetValue("f2999", out var last) && last.Name == "f2999");
        Assert.False(children.ContainsKey("f3000"));
        Assert.Throws<KeyNotFoundException>(() => children["nope"]);
    }

    [Fact]
    public void A_name_taken_is_refused_and_the_first_node_kept()
    {
        var (tree, outcomes) = Records.Play(Records.File("x"), Records.Dir("x"));
        Assert.NotNull(outcomes[1].Problem);
        Assert.IsType<FsFile>(tree.Root.Find("x"));
        Assert.Single(tree.Root.Children);
    }

    [Fact]
    public void Span_and_string_lookups_agree_on_names_that_differ_only_in_length_or_case()
    {
        var (tree, _) = Records.Play(Records.File("ab"), Records.File("abc", 20UL << 20), Records.File("ABC", 30UL << 20));
        Assert.Equal("abc", tree.Root.Find("abc/x".AsSpan(0, 3))?.Name);
        Assert.Equal("ab", tree.Root.Find("ab")?.Name);
        Assert.Equal("ABC", tree.Root.Find("ABC")?.Name);
        Assert.Null(tree.Root.Find("a"));
    }

    [Fact]
    public async Task Readers_racing_the_writer_find_every_child_added_before_they_looked()
    {
        var tree = new FsTree();
        const int Count = 20_000;
        var added = 0;
        var failures = 0;
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            var random = new Random();
            while (!stop.IsCancellationRequested)
            {
                var known = Volatile.Read(ref added);
                if (known > 0 && tree.Root.Find($"f{random.Next(known)}") is null)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToArray();

        for (var i = 0; i < Count; i++)
        {
            LogPlayer.Play(tree, [new Famfs.Log.LogRecord((ulong)i, Records.File($"f{i}", (ulong)(i + 5) << 21) with { Seqnum = (ulong)i }, null)], Famfs.Tests.TestSupport.Records.Admission());
            Volatile.Write(ref added, i + 1);
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);
        Assert.Equal(0, failures);
        Assert.Equal(Count, tree.Root.Children.Count);
    }
}
