namespace Famfs.Fuse.Tests;

/// <summary>A daemon on the binding (fuse-hello) as a separate process, driven by ordinary tools in child processes.</summary>
[RequiresRoot]
public sealed class HelloDaemonTests
{
    private static readonly TimeSpan ExitBound = TimeSpan.FromSeconds(10);

    public HelloDaemonTests() => FuseEnvironment.Require();

    [Fact]
    public void The_demo_file_is_served_to_ordinary_tools()
    {
        using var mount = new MountPoint();
        using var daemon = new HelloDaemon(mount);

        Assert.Equal("fuse.hello", MountInfo.TypeAt(mount.Path));
        var ls = Shell.RunChecked("ls", ["-l", mount.Path], "ls -l of the mount failed");
        Assert.Matches(@"-rw-r--r-- +1 root root +28 .* hello", ls.StdOut);
        Assert.Equal("Hello from the FUSE binding\n", Shell.RunChecked("cat", [mount["hello"]], "cat hello failed").StdOut);
        Assert.Equal("2 regular file 28 644", Shell.RunChecked("stat", ["-c", "%i %F %s %a", mount["hello"]], "stat failed").StdOut.Trim());
        Assert.Equal("directory", Shell.RunChecked("stat", ["-c", "%F", mount.Path], "stat of the root failed").StdOut.Trim());
        var missing = Shell.Run("stat", [mount["nothing-here"]]);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("No such file or directory", missing.StdErr);
    }

    [Theory]
    [InlineData("rm", new[] { "hello" })]
    [InlineData("mv", new[] { "hello", "renamed" })]
    [InlineData("touch", new[] { "newfile" })]
    [InlineData("truncate", new[] { "-s", "0", "hello" })]
    [InlineData("mkdir", new[] { "newdir" })]
    [InlineData("ln", new[] { "-s", "hello", "link" })]
    public void The_demo_file_system_refuses_changes(string tool, string[] args)
    {
        using var mount = new MountPoint();
        using var daemon = new HelloDaemon(mount);

        var result = Shell.Run(tool, args, workingDirectory: mount.Path);
        Assert.NotEqual(0, result.ExitCode);
        Assert.True(result.StdErr.Contains("Operation not permitted") || result.StdErr.Contains("Operation not supported"), result.StdErr);
        Assert.Equal("Hello from the FUSE binding\n", File.ReadAllText(mount["hello"]));
    }

    [Fact]
    public void The_daemon_exits_when_unmounted_with_fusermount()
    {
        using var mount = new MountPoint();
        using var daemon = new HelloDaemon(mount);

        Shell.RunChecked("fusermount3", ["-u", mount.Path], "fusermount3 -u failed");

        Assert.True(daemon.WaitForExit(ExitBound), "the daemon kept running after its mount went away");
        Assert.Equal(0, daemon.ExitCode);
        Assert.False(mount.IsMounted);
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public void The_daemon_unmounts_and_exits_on_a_signal(string signal)
    {
        using var mount = new MountPoint();
        using var daemon = new HelloDaemon(mount);

        daemon.Signal(signal);

        Assert.True(daemon.WaitForExit(ExitBound), $"the daemon ignored SIG{signal}");
        Assert.Equal(0, daemon.ExitCode);
        Assert.False(mount.IsMounted, $"SIG{signal} left the mount behind: {daemon.Output}");
    }

    [Fact]
    public void The_daemon_unmounts_on_a_signal_while_the_mount_is_busy()
    {
        using var mount = new MountPoint();
        using var daemon = new HelloDaemon(mount);
        var holder = Shell.Start("sleep", ["60"], workingDirectory: mount.Path);
        try
        {
            daemon.Signal("TERM");

            Assert.True(daemon.WaitForExit(ExitBound), "a busy mount kept the daemon from stopping");
            Assert.Equal(0, daemon.ExitCode);
            Assert.False(mount.IsMounted);
        }
        finally
        {
            Shell.Stop(holder);
        }
    }

    [Fact]
    public void A_killed_daemon_leaves_a_dead_mount_that_can_be_cleaned_and_reused()
    {
        using var mount = new MountPoint();
        using (var daemon = new HelloDaemon(mount))
        {
            daemon.Signal("KILL");
            Assert.True(daemon.WaitForExit(ExitBound));
        }

        Assert.True(mount.IsMounted, "the kernel keeps the mount of a killed daemon");
        var dead = Shell.Run("stat", [mount.Path]);
        Assert.Contains("Transport endpoint is not connected", dead.StdErr);

        Shell.RunChecked("fusermount3", ["-u", mount.Path], "fusermount3 -u of a dead mount failed");
        Assert.False(mount.IsMounted);

        using var again = new HelloDaemon(mount);
        Assert.Equal("Hello from the FUSE binding\n", Shell.RunChecked("cat", [mount["hello"]], "cat after remount failed").StdOut);
    }

    [Fact]
    public void A_daemon_without_a_mount_point_exits_with_usage()
    {
        var result = Shell.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "fuse-hello.dll")]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("usage: fuse-hello MOUNTPOINT", result.StdErr);
    }

    [Fact]
    public void A_mount_failure_is_one_line_and_exit_one()
    {
        using var parent = new TempDirectory("fuse-missing");

        var result = Shell.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "fuse-hello.dll"), Path.Combine(parent.Path, "absent")]);

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"^fuse-hello: mount point .*absent is not a directory; create it first\n$", result.StdErr);
    }
}
