using System.Diagnostics;

namespace Famfs.Fuse.Tests;

/// <summary>
/// fuse-hello (tests/Famfs.Fuse.Demo) running as its own process, the way a daemon runs. The
/// test project references it, so fuse-hello.dll and its runtimeconfig sit next to the test
/// assembly. Dispose kills whatever is left.
/// </summary>
internal sealed class HelloDaemon : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stderr;

    public HelloDaemon(MountPoint mountPoint)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "fuse-hello.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: the test project must reference tests/Famfs.Fuse.Demo");
        _process = Shell.Start(Shell.DotnetHost, [dll, mountPoint.Path]);
        _stderr = _process.StandardError.ReadToEndAsync();
        _ = _process.StandardOutput.ReadToEndAsync();

        if (!mountPoint.WaitUntil(mounted: true, TimeSpan.FromSeconds(20)))
        {
            Dispose();
            Assert.Fail($"fuse-hello did not mount {mountPoint.Path} within 20 s: {Output}");
        }
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the daemon wrote to stderr, once it has exited.</summary>
    public string Output => _process.HasExited ? _stderr.Result : "(still running)";

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    public void Signal(string signal) => Shell.RunChecked("kill", [$"-{signal}", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], $"kill -{signal} failed");

    public void Dispose() => Shell.Stop(_process);
}
