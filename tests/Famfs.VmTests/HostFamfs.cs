namespace Famfs.VmTests;

/// <summary>
/// The host's own famfs CLI (artifacts/bin/famfs, built by scripts/setup.sh), reading the file
/// systems the guests made straight from their /dev/shm backing file: a third host on the switch.
/// </summary>
internal static class HostFamfs
{
    /// <summary>The host's identity: neither guest's, so it is a client of every guest-made file system.</summary>
    public const string SystemUuid = "c0c0c0c0-0000-4000-8000-00000000000c";

    public static Shell.Result Run(params string[] args)
    {
        var famfs = Path.Combine(VmHarness.RepoRoot, "artifacts", "bin", "famfs");
        Assert.True(File.Exists(famfs), $"{famfs} is missing: run scripts/setup.sh");
        return Shell.Run(famfs, args, environment: new Dictionary<string, string> { ["FAMFS_SYSTEM_UUID"] = SystemUuid });
    }

    public static Shell.Result RunChecked(params string[] args)
    {
        var result = Run(args);
        Assert.True(result.ExitCode == 0, $"host: famfs {string.Join(' ', args)} → {result}");
        return result;
    }
}
