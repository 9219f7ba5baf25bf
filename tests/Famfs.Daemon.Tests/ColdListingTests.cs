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
        var before = daemon.Stats();

        var listing = Shell.RunChecked("ls", ["-lR", daemon.MountPoint.Path], "ls -lR of the mount failed").StdOut;

        var after = daemon.Stats();
        long Asked(string counter) => after[counter] - before[counter];
        var files = Directories.Sum(d => d.Files);
        Assert.Equal(files, listing.Split('\n').Count(line => line.StartsWith('-')));
        Assert.Equal(0, Asked("lookups"));
        Assert.True(Asked("xattr_requests") <= 2, $"{Asked("xattr_requests")} xattr requests: ls probes SELinux and ACLs per file");
        Assert.True(Asked("getattrs") <= 2, $"{Asked("getattrs")} GETATTRs for {files} files");
        Assert.Equal(Asked("listings"), Asked("listings_plus"));
        Assert.True(Asked("listed_entries") >= files, $"{Asked("listed_entries")} entries listed");
        // Each directory (and the root): its entries, in as few replies as fit, then the empty end.
        Assert.True(Asked("listings") <= (2 * (Directories.Length + 1)) + 4, $"{Asked("listings")} listings for {Directories.Length + 1} directories");
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
