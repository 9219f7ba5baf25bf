using System.Globalization;
using Famfs.Format;
using Famfs.TestSupport;

namespace Famfs.Daemon.Tests;

/// <summary>
/// What a cold `ls -lR` (nothing of the mount in the kernel's caches: a fresh mount, as after
/// drop_caches) asks the daemon, counted by the daemon itself (/icache_stats). Every file's
/// name and attributes must come in the listing (READDIRPLUS), and `ls` must stop probing
/// SELinux labels and ACLs after the first file: a request per file listed would make the
/// listing cost a daemon round trip per file, where a tmpfs tree costs none.
/// </summary>
public sealed class ColdListingTests
{
    // A directory larger than one READDIRPLUS reply, whose later chunks the kernel could
    // otherwise fetch without attributes (readdirplus "auto" mode) and LOOKUP name by name.
    private static readonly (string Name, int Files)[] Directories = [("wide", 400), ("a", 50), ("b", 50)];

    [Fact]
    public void A_cold_ls_lR_asks_per_directory_never_per_file()
    {
        using var daemon = new RunningDaemon("cold-ls", Entries());

        var asked = LsLR(daemon);

        Assert.Equal(0, asked("lookups"));
        Assert.True(asked("xattr_requests") <= 2, $"{asked("xattr_requests")} xattr requests: ls probes SELinux and ACLs per file");
        Assert.True(asked("getattrs") <= 2, $"{asked("getattrs")} GETATTRs for {Files} files");
        Assert.Equal(asked("listings"), asked("listings_plus"));
        Assert.True(asked("listed_entries") >= Files, $"{asked("listed_entries")} entries listed");
        // Many entries per reply (a page of them on older kernels, 32 KiB here), then the empty one that ends each directory.
        Assert.True(asked("listings") <= Files / 10, $"{asked("listings")} listings for {Files} files in {Directories.Length + 1} directories");
    }

    [Fact]
    public void A_second_ls_lR_is_answered_from_the_kernels_caches()
    {
        using var daemon = new RunningDaemon("warm-ls", Entries());
        LsLR(daemon);

        var asked = LsLR(daemon);

        Assert.Equal((0L, 0L), (asked("lookups"), asked("listings")));
        // A directory read from the daemon has its access time invalidated by the kernel: one GETATTR each, then none.
        Assert.True(asked("getattrs") <= Directories.Length + 1, $"{asked("getattrs")} GETATTRs for {Files} files");
        Assert.Equal(0, LsLR(daemon)("getattrs"));
    }

    private static int Files => Directories.Sum(d => d.Files);

    /// <summary>Runs `ls -lR` of the mount, checks it listed every file, and returns what it asked the daemon, by /icache_stats counter.</summary>
    private static Func<string, long> LsLR(RunningDaemon daemon)
    {
        var before = daemon.Statistics();
        var listing = Shell.RunChecked("ls", ["-lR", daemon.MountPoint.Path], "ls -lR of the mount failed").StdOut;
        var after = daemon.Statistics();
        Assert.Equal(Files, listing.Split('\n').Count(line => line.StartsWith('-')));
        return counter => after[counter] - before[counter];
    }

    private static IEnumerable<LogEntry> Entries()
    {
        var unit = 0UL;
        foreach (var (name, count) in Directories)
        {
            yield return TestLog.Mkdir(name);
            for (var f = 0; f < count; f++)
            {
                // One allocation unit per file (cross-linked extents are refused); the device is sparse.
                yield return TestLog.File(string.Create(CultureInfo.InvariantCulture, $"{name}/file{f:D3}"), (64UL << 20) + (unit++ * FormatConstants.AllocationUnit), 4096);
            }
        }
    }
}
