namespace Famfs.Daemon.Tests;

/// <summary>famfs-fuse's arguments, parsed by System.CommandLine: one-line errors with exit 2, help and version under either name.</summary>
public sealed class DaemonCommandLineTests
{
    [Theory]
    [InlineData("soon")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1e7")]
    [InlineData("Infinity")]
    public void ABadTimeoutIsOneLineAndExitTwo(string seconds)
    {
        var result = Daemon(["--device", "/dev/shm/none", "--mountpoint", "/nonexistent", "--timeout", seconds]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"famfs-fuse: --timeout '{seconds}' is not a number of seconds above 0 and at most 86400 (famfs-fuse --help shows the usage)\n", result.StdErr);
    }

    [Theory]
    [InlineData("never")]
    [InlineData("Strict")]
    [InlineData("")]
    public void ABadCacheModeIsOneLineAndExitTwo(string mode)
    {
        var result = Daemon(["--device", "/dev/shm/none", "--mountpoint", "/nonexistent", "--cache", mode]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"famfs-fuse: --cache '{mode}' is not one of strict, coherent or keep (famfs-fuse --help shows the usage)\n", result.StdErr);
    }

    [Fact]
    public void MissingArgumentsAreOneLineAndExitTwo()
    {
        var result = Daemon([]);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("'--device' is required", line, StringComparison.Ordinal);
        Assert.Contains("'--mountpoint' is required", line, StringComparison.Ordinal);
        Assert.Contains("usage", line, StringComparison.Ordinal);
    }

    /// <summary>The reference suite's bad famfs_fused invocations: each must fail and mount nothing.</summary>
    [Theory]
    [InlineData("-df -o source=/tmp/s")]
    [InlineData("-df /tmp/famfs_fuse")]
    [InlineData("-o source=/bad/mpt /tmp/famfs_fuse")]
    [InlineData("-o source=/etc/passwd /tmp/famfs_fuse")]
    public void TheReferencesBadInvocationsFailWithUsage(string args)
    {
        var result = Daemon(args.Split(' '));

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", result.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("famfs-fuse")]
    [InlineData("famfs_fused")]
    public void HelpAndVersionSucceedUnderEitherName(string name)
    {
        var apphost = Path.Combine(AppContext.BaseDirectory, "famfs-fuse");
        Assert.True(File.Exists(apphost), $"{apphost} is missing: the test project must reference src/Famfs.Daemon");
        var folder = Directory.CreateTempSubdirectory("famfs-fused-name-").FullName;
        try
        {
            var program = Path.Combine(folder, name);
            File.CreateSymbolicLink(program, apphost);

            var help = Shell.Run(program, ["--help"]);
            var version = Shell.Run(program, ["--version"]);

            Assert.True(help.ExitCode == 0, help.ToString());
            Assert.Contains("--device", help.StdOut, StringComparison.Ordinal);
            Assert.Contains("--mountpoint", help.StdOut, StringComparison.Ordinal);
            Assert.True(version.ExitCode == 0, version.ToString());
            Assert.Matches(@"^\d+\.\d+\.\d+", version.StdOut);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Shell.Result Daemon(IEnumerable<string> args) => Shell.Run("dotnet", [RunningDaemon.Dll, .. args]);
}
