using Famfs.TestSupport;

namespace Famfs.Daemon.Tests;

/// <summary>
/// The administration interface as the reference's scripts reach it: getfattr -n
/// user.famfs.shadow on the mount root names a folder, whose "sock" serves HTTP/1.1 to
/// curl --unix-socket (and to .NET's HttpClient), root only.
/// </summary>
public sealed class AdminInterfaceTests
{
    private const int FileLength = 100_000;

    [Fact]
    public void TheShadowAttributeOfTheMountRootNamesARootOnlyFolderHoldingTheSocket_AndItGoesWithTheDaemon()
    {
        string folder;
        using (var daemon = new RunningDaemon("admin-shadow"))
        {
            folder = Shadow(daemon);

            Assert.True(Path.IsPathRooted(folder), folder);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, "sock")));
            Assert.Equal(0, daemon.Stop());
        }

        Assert.False(Directory.Exists(folder), "the administration folder outlived the daemon");
    }

    [Fact]
    public void OtherAttributeNamesAreNoSuchAttribute()
    {
        using var daemon = new RunningDaemon("admin-xattr");

        var other = Shell.Run("getfattr", ["-n", "user.other", daemon.MountPoint.Path]);

        Assert.NotEqual(0, other.ExitCode);
        Assert.Contains("No such attribute", other.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Attributes_outside_the_user_namespace_are_not_supported_so_ls_stops_asking_for_them()
    {
        using var daemon = new RunningDaemon("admin-xattr-ns");

        foreach (var name in new[] { "security.selinux", "system.posix_acl_access", "trusted.x" })
        {
            var result = Shell.Run("getfattr", ["-n", name, daemon.MountPoint.Path]);

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("Operation not supported", result.StdErr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void CurlGetsTheDaemonsPidAsYaml()
    {
        using var daemon = new RunningDaemon("admin-pid");

        var pid = Curl(daemon, "/pid");

        Assert.Equal($"pid: {daemon.Pid}\n", pid);
        var raw = AdminClient.RawGet(Socket(daemon), "/pid");
        Assert.StartsWith("HTTP/1.1 200 OK\r\nContent-Type: text/yaml\r\n", raw, StringComparison.Ordinal);
        Assert.Contains("\r\nConnection: close\r\n", raw, StringComparison.Ordinal);
    }

    [Fact]
    public void IcacheStatsCountTheTreeAndWhatWasServed()
    {
        using var daemon = new RunningDaemon("admin-stats", [TestLog.Mkdir("d"), TestLog.File("d/f", 64UL << 20, FileLength)]);
        var before = Stats(daemon);
        Assert.Equal((1L, 1L, 3L), (before["files"], before["directories"], before["nodes"]));

        Assert.Equal(FileLength, File.ReadAllBytes(Path.Combine(daemon.MountPoint.Path, "d", "f")).Length);
        Assert.False(File.Exists(Path.Combine(daemon.MountPoint.Path, "d", "absent")));

        var after = Stats(daemon);
        Assert.True(after["opens"] >= 1, $"opens: {after["opens"]}");
        Assert.True(after["read_bytes"] >= FileLength, $"read_bytes: {after["read_bytes"]}");
        Assert.True(after["lookup_misses"] >= 1, $"lookup_misses: {after["lookup_misses"]}");
        Assert.True(after["log_plays"] >= after["lookup_misses"], "every miss plays the log");
        Assert.Equal(after["lookups"], after["lookup_hits"] + after["lookup_misses"]);
        Assert.Equal(1L, after["mapped_readers"]);
    }

    [Fact]
    public void IcacheDumpListsTheOpenFiles()
    {
        using var daemon = new RunningDaemon("admin-dump", [TestLog.File("f", 64UL << 20, FileLength)]);
        Assert.Contains("files: []", Curl(daemon, "/icache_dump"), StringComparison.Ordinal);

        using (File.OpenRead(daemon.MountPoint["f"]))
        {
            var dump = Get(daemon, "/icache_dump");

            Assert.Equal((200, "text/yaml"), (dump.Status, dump.ContentType));
            Assert.Contains("    - path: \"f\"\n      handles: 1\n      writable: false\n      shared: true\n      idle: false\n", dump.Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void LogLevelIsReadAndSetWithABareOrKeyedBody_AndBadLevelsAreRefused()
    {
        using var daemon = new RunningDaemon("admin-level");
        var socket = Socket(daemon);

        Assert.Equal("5\n", AdminClient.Get(socket, "/log_level").Body);
        Assert.Equal("log level set to 7 (from 5)\n", AdminClient.Send(socket, HttpMethod.Post, "/log_level", "7").Body);
        Assert.Equal("7\n", AdminClient.Get(socket, "/log_level").Body);
        Assert.Equal("log level set to 3 (from 7)\n", AdminClient.Send(socket, HttpMethod.Put, "/log_level", "level=3").Body);
        Assert.Equal("3\n", Curl(daemon, "/log_level"));
        Assert.Equal("log level set to 6 (from 3)\n", Shell.RunChecked("curl", ["-sS", "--unix-socket", socket, "-d", "level=6", "http://localhost/log_level"], "curl POST failed").StdOut);

        Assert.Equal(400, AdminClient.Send(socket, HttpMethod.Post, "/log_level", "9").Status);
        Assert.Equal(400, AdminClient.Send(socket, HttpMethod.Put, "/log_level", "loud").Status);
        Assert.Equal(405, AdminClient.Send(socket, HttpMethod.Delete, "/log_level", null).Status);
        Assert.Equal("6\n", AdminClient.Get(socket, "/log_level").Body);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/inodes")]
    [InlineData("/pid/extra")]
    public void OtherRoutesAreNotFound(string route)
    {
        using var daemon = new RunningDaemon("admin-404");

        var answer = Get(daemon, route);

        Assert.Equal((404, "Not Found\n"), (answer.Status, answer.Body));
    }

    [Fact]
    public void OnlyRootReachesTheSocket()
    {
        using var daemon = new RunningDaemon("admin-root");

        var asUser = Shell.Run("setpriv", ["--reuid=famfs-test-b", "--regid=famfs-test-b", "--clear-groups",
            "curl", "-sS", "--unix-socket", Socket(daemon), "http://localhost/pid"]);

        Assert.True(asUser.ExitCode == 7, $"curl as another user reached the socket: {asUser}"); // 7: could not connect
        Assert.DoesNotContain("pid:", asUser.StdOut, StringComparison.Ordinal);
        Assert.Equal($"pid: {daemon.Pid}\n", Curl(daemon, "/pid")); // root, on the same path, does
    }

    private static string Shadow(RunningDaemon daemon) => daemon.Shadow;

    private static string Socket(RunningDaemon daemon) => daemon.Socket;

    private static string Curl(RunningDaemon daemon, string route) =>
        Shell.RunChecked("curl", ["-sS", "--fail", "--unix-socket", Socket(daemon), "http://localhost" + route], $"curl {route} failed").StdOut;

    private static AdminClient.Answer Get(RunningDaemon daemon, string route) => AdminClient.Get(Socket(daemon), route);

    private static Dictionary<string, long> Stats(RunningDaemon daemon) => daemon.Statistics();
}
