using System.Diagnostics;
using Famfs.Cli.Tests.FileCommands.Support;
using Famfs.Files;
using Famfs.Format;
using Famfs.Namespace;
using Xunit.Abstractions;

namespace Famfs.Cli.Tests.FileCommands;

[Collection(CliCollection.Name)]
[RequiresRoot]
public sealed class CpKillTests(ITestOutputHelper output)
{
    [Fact]
    public void Kill_9_in_the_middle_of_cp_r_leaves_a_clean_log_and_a_rerun_completes_the_copy()
    {
        using var cli = new CliFixture(8 * Units.GiB);
        var source = Path.Combine(cli.ScratchDirectory(), "tree");
        var random = new Random(20240601);
        var sources = new Dictionary<string, string>(); // relative name → local path
        for (var i = 0; i < 200; i++)
        {
            var relative = $"sub{i % 4}/file{i:D3}.bin";
            var local = Path.Combine(source, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(local)!);
            var bytes = new byte[random.Next(1 << 20, (4 << 20) + 1)];
            random.NextBytes(bytes);
            File.WriteAllBytes(local, bytes);
            sources[relative] = local;
        }

        CliFixture.Expect(0, cli.Exec("mkdir", "dst")); // dst exists: both runs copy into dst/tree
        string[] copy = ["cp", "-D", cli.Device, "-r", "-t", "1", source, "dst"];
        var first = cli.Start(copy);
        var clock = Stopwatch.StartNew();
        ulong seen = 0;
        while (!first.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            seen = cli.Header().NextIndex;
            if (seen >= 30)
            {
                first.Kill(); // SIGKILL
                break;
            }

            Thread.Yield();
        }

        Assert.True(first.WaitForExit(10_000), "the killed cp did not go away");
        var killed = first.ExitCode != 0;
        var logged = cli.Header().NextIndex;
        output.WriteLine($"cp -r {(killed ? "killed" : "finished before the kill")} after {clock.ElapsedMilliseconds} ms; next_index {seen} when the kill was sent, {logged} after");
        Assert.True(killed, $"cp -r finished (exit {first.ExitCode}) before it could be killed: the test needs a slower copy");

        cli.AssertFsckClean();
        using (var fs = FamfsFileSystem.Open(cli.Device, new FileSystemOptions { ReadOnly = true, SystemUuid = cli.Master }))
        {
            var files = fs.Tree.Files().ToDictionary(f => f.Path);
            Assert.Equal(logged, (ulong)(files.Count + fs.Tree.DirectoryCount)); // every entry is a complete file or directory
            foreach (var (relative, local) in sources)
            {
                if (files.TryGetValue($"dst/tree/{relative}", out var file))
                {
                    Assert.Equal(new FileInfo(local).Length, file.Size); // a logged file is a complete entry
                    Assert.True(file.Map.AllocatedBytes >= file.SizeBytes);
                }
            }

            Assert.All(files.Keys, path => Assert.True(sources.ContainsKey(path["dst/tree/".Length..]), $"unexpected file {path}"));
            output.WriteLine($"{files.Count} of {sources.Count} files were logged before the kill; the rest are absent");
        }

        CliFixture.Expect(0, cli.Run(copy));
        cli.AssertFsckClean();
        using (var fs = FamfsFileSystem.Open(cli.Device, new FileSystemOptions { ReadOnly = true, SystemUuid = cli.Master }))
        {
            Assert.Equal(sources.Count, fs.Tree.Files().Count());
            foreach (var (relative, local) in sources)
            {
                var expected = File.ReadAllBytes(local);
                using var file = fs.OpenFile($"dst/tree/{relative}");
                var actual = new byte[expected.Length];
                Assert.Equal(expected.Length, file.Read(0, actual));
                Assert.True(expected.AsSpan().SequenceEqual(actual), $"dst/tree/{relative} differs from {local}");
            }
        }
    }
}
