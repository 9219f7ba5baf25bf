using System.Diagnostics;
using Famfs.Cli.Tests.FileCommands.Support;
using Famfs.Cli.Tests.Mount.Support;

namespace Famfs.Cli.Tests.Mount;

/// <summary>Many readers at once through one mount, every byte checked.</summary>
[Collection(CliCollection.Name)]
[RequiresRoot]
public sealed class ConcurrentReadTests
{
    private const int Readers = 64;
    private const int Files = 8;

    /// <summary>As issue 4 asks: 30 s of 64 concurrent readers (the whole suite stays far below its 20-minute budget).</summary>
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);

    [Fact]
    public void Sixty_four_readers_of_the_same_and_different_files_for_ten_seconds_read_every_byte_right()
    {
        using var rig = new MountRig();
        var mount = rig.Mount("m");
        var expected = new byte[Files][];
        var locals = new string[Files];
        for (var i = 0; i < Files; i++)
        {
            // Sizes not multiples of the page or the allocation unit; some span several 2 MiB units.
            expected[i] = new byte[(i + 1) * 777_777];
            new Random(i).NextBytes(expected[i]);
            locals[i] = rig.ExtraFile($"src{i}");
            File.WriteAllBytes(locals[i], expected[i]);
            CliFixture.Expect(0, rig.Famfs(["cp", locals[i], Path.Combine(mount, $"f{i}")]));
        }

        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        long reads = 0, bytes = 0;
        var clock = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, Readers).Select(r => new Thread(() =>
        {
            var random = new Random(1000 + r);
            var buffer = new byte[1 << 20];
            while (clock.Elapsed < Duration)
            {
                // Half the readers share file 0; the others spread over all files.
                var file = r % 2 == 0 ? 0 : random.Next(Files);
                var want = expected[file];
                try
                {
                    using var stream = new FileStream(Path.Combine(mount, $"f{file}"), FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
                    var offset = random.Next(want.Length);
                    stream.Position = offset;
                    var chunk = 1 + random.Next(buffer.Length);
                    var read = 0;
                    while (read < chunk)
                    {
                        var n = stream.Read(buffer, read, chunk - read);
                        if (n == 0)
                        {
                            break;
                        }

                        read += n;
                    }

                    var expectedLength = Math.Min(chunk, want.Length - offset);
                    if (read != expectedLength || !buffer.AsSpan(0, read).SequenceEqual(want.AsSpan(offset, read)))
                    {
                        errors.Enqueue($"reader {r}: f{file} at {offset}: read {read} of {expectedLength} bytes, content {(buffer.AsSpan(0, Math.Min(read, expectedLength)).SequenceEqual(want.AsSpan(offset, Math.Min(read, expectedLength))) ? "right" : "WRONG")}");
                    }

                    Interlocked.Increment(ref reads);
                    Interlocked.Add(ref bytes, read);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    errors.Enqueue($"reader {r}: f{file}: {e.GetType().Name}: {e.Message}");
                }
            }
        })
        { IsBackground = true }).ToList();

        // Meanwhile caches are dropped now and then, so the daemon keeps serving reads rather than the page cache alone.
        threads.ForEach(t => t.Start());
        while (clock.Elapsed < Duration)
        {
            Thread.Sleep(1000);
            File.WriteAllText("/proc/sys/vm/drop_caches", "1");
        }

        foreach (var thread in threads)
        {
            Assert.True(thread.Join(TimeSpan.FromSeconds(30)), "a reader hung");
        }

        Assert.True(errors.IsEmpty, $"{errors.Count} errors in {reads} reads, first: {string.Join("\n", errors.Take(5))}");
        Assert.True(reads > Readers, $"only {reads} reads in {Duration}");

        // Whole-file cmp by child processes at the end, all at once.
        var cmps = Enumerable.Range(0, Files).Select(i => Shell.Start("cmp", [Path.Combine(mount, $"f{i}"), locals[i]])).ToList();
        foreach (var cmp in cmps)
        {
            var result = Shell.Wait(cmp);
            Assert.True(result.ExitCode == 0, $"cmp: {result}");
            cmp.Dispose();
        }
    }
}
