namespace Famfs.Fuse.Tests;

/// <summary>A daemon on the binding (fuse-hello) as a separate process, driven by ordinary tools in child processes.</summary>
[RequiresRoot]
public sealed class HelloDaemonTests
{
    private static readonly TimeSpan ExitBound = TimeSpan.FromSeconds(10);

    public HelloDaemonTests() => FuseEnvironment.Require();

    [Fact]
    public void ServesTheDemoFileToOrdinaryTools()
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
    public void RefusesChanges(string tool, string[] args)
    {
        using var mount = new MountPoint();
        using var daemon = new HelloDaemon(mount);

        var result = Shell.Run(tool, args, workingDirectory: mount.Path);
        Assert.NotEqual(0, result.ExitCode);
        Assert.True(result.StdErr.Contains("Operation not permitted") || result.StdErr.Contains("Operation not supported"), result.StdErr);
        Assert.Equal("Hello from the FUSE binding\n", File.ReadAllText(mount["hello"]));
    }

    [Fact]
    public void ExitsWhenUnmountedWithFusermount()
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
    public void UnmountsAndExitsOnSignal(string signal)
    {
        using var mount = new MountPoint();
        using var daemon = new HelloDaemon(mount);

        daemon.Signal(signal);

        Assert.True(daemon.WaitForExit(ExitBound), $"the daemon ignored SIG{signal}");
        Assert.Equal(0, daemon.ExitCode);
        Assert.False(mount.IsMounted, $"SIG{signal} left the mount behind: {daemon.Output}");
    }

    [Fact]
    public void UnmountsOnSignalWhileTheMountIsBusy()
    {
        using var mount = new MountPoint();
        using var daemon = new HelloDaemon(mount);
        using var holder = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sleep", "60") { WorkingDirectory = mount.Path })!;
        try
        {
            daemon.Signal("TERM");

            Assert.True(daemon.WaitForExit(ExitBound), "a busy mount kept the daemon from stopping");
            Assert.Equal(0, daemon.ExitCode);
            Assert.False(mount.IsMounted);
        }
        finally
        {
            holder.Kill();
            holder.WaitForExit();
        }
    }

    [Fact]
    public void KilledDaemonLeavesADeadMountThatCanBeCleanedAndReused()
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
    public void ADaemonWithoutAMountPointExitsWithUsage()
    {
        var result = Shell.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "fuse-hello.dll")]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("usage: fuse-hello MOUNTPOINT", result.StdErr);
    }

    [Fact]
    public void AMountFailureIsOneLineAndExitOne()
    {
        using var parent = new TempDirectory("fuse-missing");

        var result = Shell.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "fuse-hello.dll"), Path.Combine(parent.Path, "absent")]);

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"^fuse-hello: mount point .*absent is not a directory; create it first\n$", result.StdErr);
    }
}
