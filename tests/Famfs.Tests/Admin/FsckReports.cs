using Famfs.Admin;
using Famfs.Devices;

namespace Famfs.Tests.Admin;

internal static class FsckReports
{
    /// <summary>
    /// Checks <paramref name="device"/> twice, scanning (as `famfs fsck` does) and playing every
    /// entry (as -v and --json do), and asserts the reports are the same but for the entry list.
    /// </summary>
    public static void AssertScanMatchesPlay(MemoryDevice device, string? runDirectory = null)
    {
        var played = Fsck.Run(device, runDirectory, listEntries: true);
        var scanned = Fsck.Run(device, runDirectory, listEntries: false);
        Assert.Equal(played.Errors, scanned.Errors);
        Assert.Equal(played.Warnings, scanned.Warnings);
        Assert.Equal(played.Statistics, scanned.Statistics);
        Assert.Equal((played.DamagedEntries, played.FileBytes), (scanned.DamagedEntries, scanned.FileBytes));
        Assert.Equal(played.CrossLinks, scanned.CrossLinks);
        Assert.Equal(Describe(played.Poisoned), Describe(scanned.Poisoned));
        Assert.Equal(played.Superblock, scanned.Superblock);
        Assert.Equal(played.LogHeader, scanned.LogHeader);
    }

    private static List<string> Describe(List<PoisonedRange> poisoned) => [.. poisoned.Select(p => $"{p.Range}: {string.Join(", ", p.Files)}")];
}
