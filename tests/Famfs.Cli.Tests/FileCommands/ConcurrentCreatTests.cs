using System.Diagnostics;
using System.Text.Json;
using Famfs.Cli.Tests.FileCommands.Support;
using Famfs.Files;
using Famfs.Format;
using Famfs.Namespace;
using Xunit.Abstractions;

namespace Famfs.Cli.Tests.FileCommands;

[Collection(CliCollection.Name)]
[RequiresRoot]
public sealed class ConcurrentCreatTests(ITestOutputHelper output)
{
    private const int Processes = 8;
    private const int FilesEach = 1000;

    private static string Name(int process, int file) => $"p{process}/f{file:D4}";

    private static ulong Size(int process, int file) => (ulong)(((process * 7919) + (file * 104729)) % (3 * 1024 * 1024)) + 1;

    [Fact]
    public void Eight_processes_creating_a_thousand_files_each_leave_a_dense_log_without_overlaps()
    {
        // Each file takes at least one 2 MiB unit, some two: 8,000 files need up to 32 GiB of (sparse) device.
        using var cli = new CliFixture(40 * Units.GiB);
        CliFixture.Expect(0, cli.Exec("mkdir", [.. Enumerable.Range(0, Processes).Select(p => $"p{p}")]));

        var clock = Stopwatch.StartNew();
        var running = Enumerable.Range(0, Processes).Select(p => cli.Start(
            ["creat", "-D", cli.Device, .. Enumerable.Range(0, FilesEach).SelectMany(i => new[] { "-M", $"{Name(p, i)},{Size(p, i)}" })])).ToList();
        var results = running.Select(p => CliFixture.Wait(p, 120)).ToList();
        output.WriteLine($"{Processes} x {FilesEach} creates: {clock.Elapsed.TotalSeconds:F1} s");
        Assert.All(results, r => CliFixture.Expect(0, r));

        var header = cli.Header();
        Assert.Equal((ulong)(Processes + (Processes * FilesEach)), header.NextIndex);
        Assert.Equal(header.NextIndex, header.NextSeqnum);

        var report = cli.Fsck();
        Assert.True(report.Clean, string.Join("\n", report.Errors));
        Assert.Empty(report.CrossLinks);
        Assert.Equal((int)header.NextIndex, report.Entries.Count);
        Assert.All(report.Entries.Select((o, i) => (o, i)), x =>
        {
            Assert.Null(x.o.Problem);
            Assert.Equal((ulong)x.i, x.o.Record.Index);
            Assert.Equal((ulong)x.i, x.o.Record.Entry.Seqnum);
        });
        Assert.Equal(Processes * FilesEach, report.Entries.Count(o => o.Record.Entry is FileEntry));

        // Independently of fsck: no two files share an allocation unit.
        using var fs = FamfsFileSystem.Open(cli.Device, new FileSystemOptions { ReadOnly = true, SystemUuid = cli.Master });
        var units = new HashSet<ulong>();
        for (var p = 0; p < Processes; p++)
        {
            for (var i = 0; i < FilesEach; i++)
            {
                var file = Assert.IsType<FsFile>(fs.Find(Name(p, i)));
                Assert.Equal(Size(p, i), file.SizeBytes);
                foreach (var extent in file.Map.DeviceExtents)
                {
                    Assert.True(extent.Length >= file.SizeBytes);
                    for (var u = extent.Offset / (2 * Units.MiB); u < extent.End / (2 * Units.MiB); u++)
                    {
                        Assert.True(units.Add(u), $"allocation unit {u} is used twice (second time by {file.Path})");
                    }
                }
            }
        }

        // The CLI's view agrees: logplay --json lists every entry with dense seqnums.
        var logplay = CliFixture.Expect(0, cli.Run(["logplay", "-n", "--json", cli.Device]));
        using var json = JsonDocument.Parse(logplay.Stdout);
        var entries = json.RootElement.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal((int)header.NextIndex, entries.Count);
        Assert.Equal(Enumerable.Range(0, entries.Count).Select(i => (ulong)i), entries.Select(e => e.GetProperty("seqnum").GetUInt64()));
        Assert.Equal(Processes * FilesEach, entries.Count(e => e.GetProperty("type").GetString() == "file" && e.GetProperty("status").GetString() == "ok"));
    }
}
