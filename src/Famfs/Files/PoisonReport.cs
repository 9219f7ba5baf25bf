using Famfs.Lifecycle;

namespace Famfs.Files;

/// <summary>
/// What <see cref="FamfsFileSystem.ReportMemoryFailure"/> did: the range, the files it made bad,
/// whether it hit the metadata (superblock and log), and the revocation.
/// </summary>
public sealed record PoisonReport(DeviceRange Range, IReadOnlyList<string> Files, bool Metadata, RevocationReport Revocation)
{
    /// <summary>What famfs poison prints, the same whether the CLI or a mount's daemon recorded it.</summary>
    public IReadOnlyList<string> Describe(string devicePath, string ledgerPath)
    {
        var lines = new List<string> { $"famfs poison: memory failure recorded in {Range} of {devicePath} ({ledgerPath})" };
        if (Metadata)
        {
            lines.Add("famfs poison: the range holds the file system's metadata (superblock and log): no log entry can be read or written any more; "
                + "files already known stay readable where their own memory is sound; restore the file system from a copy");
        }

        // "No file is affected" after a metadata failure would read as "nothing is wrong".
        if (Files.Count > 0)
        {
            lines.Add($"famfs poison: {Files.Count} file(s) poisoned:");
            lines.AddRange(Files);
        }
        else if (!Metadata)
        {
            lines.Add("famfs poison: no file is affected");
        }

        return lines;
    }
}
