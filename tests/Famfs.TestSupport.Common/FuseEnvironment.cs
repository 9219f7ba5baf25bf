namespace Famfs.TestSupport;

/// <summary>
/// Mount tests need /dev/fuse, root and fusermount3. Without them they fail with the reason:
/// a mount test that silently passed would prove nothing. (Mark them [RequiresRoot] so a
/// contributor without root can filter them out.)
/// </summary>
public static class FuseEnvironment
{
    public static void Require()
    {
        Assert.True(File.Exists("/dev/fuse"), "/dev/fuse is missing: load the fuse module or pass the device into the container");
        Assert.True(Environment.IsPrivilegedProcess, "mount tests must run as root (they mount with mount(2) and kill daemons)");
        Assert.True(FindOnPath("fusermount3") is not null, "fusermount3 is missing: apt-get install fuse3 (scripts/setup.sh)");
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}
