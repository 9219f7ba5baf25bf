using System.Diagnostics;
using Famfs.Cli.Tests.FileCommands.Support;
using Famfs.Devices;
using Famfs.Files;
using Famfs.Format;
using Famfs.Log;
using Xunit.Abstractions;

namespace Famfs.Cli.Tests.Commands;

/// <summary>
/// mkfs --force over a file system with files, killed with -9 at chosen points: what is left
/// always opens, as the old file system (whole, or emptied once its slots were cleared) or
/// the new one (docs/ARCHITECTURE.md, "mkfs order"). The crash matrix (Crash/CrashMatrixTests)
/// kills mkfs at each named step; this test kills it at arbitrary moments.
/// </summary>
[Collection(CliCollection.Name)]
public sealed class MkfsKillTests(ITestOutputHelper output)
{
    private const int Files = 5;

    [Fact]
    public void Kill_9_during_mkfs_force_leaves_the_old_file_system_or_the_new_one_never_neither()
    {
        using var cli = new CliFixture(8 * Units.GiB);
        for (var i = 0; i < Files; i++)
        {
            CliFixture.Expect(0, cli.Exec("creat", "-s", "1m", $"f{i}"));
        }

        var old = Superblock(cli).FsUuid;
        // A 1 GiB log takes long enough to clear that a kill lands inside mkfs's writes.
        string[] mkfs = ["mkfs", "-f", "--loglen", "1g", cli.Device];

        // Killed as soon as it has reset the old log's counters: the old file system, whole or emptied.
        var emptied = KillWhen(cli, mkfs, () => cli.Header().NextIndex == 0);
        Assert.True(emptied, "mkfs finished before the kill: the test needs a slower mkfs");
        AssertOpens(cli, old, 0, Files);

        // Killed at spread-out moments: always the old file system (emptied) or the new one.
        foreach (var delay in new[] { 20, 60, 120, 200, 300, 450 })
        {
            var watch = Stopwatch.StartNew();
            KillWhen(cli, mkfs, () => watch.ElapsedMilliseconds >= delay);
            var now = Superblock(cli);
            output.WriteLine($"killed after {delay} ms: fs {(now.FsUuid == old ? "old" : "new")} {now.FsUuid}");
            AssertOpens(cli, now.FsUuid, 0, Files);
            old = now.FsUuid;
        }

        CliFixture.Expect(0, cli.Run(mkfs));
        Assert.NotEqual(old, Superblock(cli).FsUuid);
        cli.AssertFsckClean();
    }

    /// <summary>Runs <paramref name="args"/> and kills it with -9 once <paramref name="when"/> holds; true if the kill came first.</summary>
    private static bool KillWhen(CliFixture cli, string[] args, Func<bool> when)
    {
        var process = cli.Start(args);
        var deadline = Stopwatch.StartNew();
        while (!process.HasExited && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (when())
            {
                process.Kill();
                break;
            }

            Thread.Yield();
        }

        Assert.True(process.WaitForExit(10_000), "the killed mkfs did not go away");
        return process.ExitCode != 0;
    }

    private static void AssertOpens(CliFixture cli, Guid fsUuid, params int[] fileCounts)
    {
        cli.AssertFsckClean();
        using var fs = FamfsFileSystem.Open(cli.Device, new FileSystemOptions { ReadOnly = true, SystemUuid = cli.Master });
        Assert.Equal(fsUuid, fs.Superblock.FsUuid);
        Assert.Contains(fs.Tree.Files().Count(), fileCounts);
    }

    private static Superblock Superblock(CliFixture cli)
    {
        using var device = MemoryDevice.Open(cli.Device, writable: false);
        return SuperblockReader.Read(device).Superblock!;
    }
}
