using System.Diagnostics;
using System.Globalization;
using Famfs.TestSupport;

namespace Famfs.Daemon.Tests;

/// <summary>
/// famfs-fuse serving a fresh formatted /dev/shm device at a fresh mount point, started as
/// famfs mount starts it (its own process). Dispose stops it with SIGTERM (kill if it does
/// not stop), then removes the mount point and the device.
/// </summary>
internal sealed class RunningDaemon : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stderr;
    private string? _socket;

    /// <param name="options">More famfs-fuse options, e.g. "--cache", "strict".</param>
    public RunningDaemon(string tag, IEnumerable<Format.LogEntry>? entries = null, params string[] options)
    {
        FuseEnvironment.Require();
        Device = TestLog.CreateFormatted(tag, entries);
        MountPoint = new DaemonMountPoint();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in (string[])[Dll, "--device", Device.Path, "--mountpoint", MountPoint.Path, .. options])
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        _stderr = _process.StandardError.ReadToEndAsync();
        _ = _process.StandardOutput.ReadToEndAsync();
        if (!MountPoint.WaitUntilMounted(TimeSpan.FromSeconds(30)))
        {
            Dispose();
            Assert.Fail($"famfs-fuse did not mount {MountPoint.Path} within 30 s: {Output}");
        }
    }

    /// <summary>famfs-fuse.dll beside the tests (the project references src/Famfs.Daemon).</summary>
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "famfs-fuse.dll");

    public TempDevice Device { get; }

    public DaemonMountPoint MountPoint { get; }

    /// <summary>`dotnet famfs-fuse.dll` runs the daemon in the dotnet process itself.</summary>
    public int Pid => _process.Id;

    /// <summary>Everything the daemon wrote to stderr, once it has exited.</summary>
    public string Output => _process.HasExited ? _stderr.Result : "(still running)";

    /// <summary>The administration folder, as the reference's scripts/famfs_shadow.sh finds it: getfattr -n user.famfs.shadow --only-values MOUNTPOINT.</summary>
    public string Shadow =>
        Shell.RunChecked("getfattr", ["-n", "user.famfs.shadow", "--only-values", MountPoint.Path], "getfattr of the shadow attribute failed").StdOut;

    /// <summary>
    /// The administration interface's socket, in <see cref="Shadow"/>; found once, as each
    /// getfattr is a request the daemon counts in its statistics.
    /// </summary>
    public string Socket => _socket ??= Path.Combine(Shadow, "sock");

    /// <summary>GET /icache_stats: its numeric counters by name.</summary>
    public Dictionary<string, long> Statistics()
    {
        var yaml = AdminClient.Get(Socket, "/icache_stats").Body;
        Assert.StartsWith("icache_stats:\n", yaml, StringComparison.Ordinal);
        return IcacheStats.Parse(yaml);
    }

    public int Stop()
    {
        if (!_process.HasExited)
        {
            Shell.Run("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)]);
            if (!_process.WaitForExit(TimeSpan.FromSeconds(15)))
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }

        return _process.ExitCode;
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
        MountPoint.Dispose();
        Device.Dispose();
    }
}
