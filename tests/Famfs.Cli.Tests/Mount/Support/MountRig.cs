using System.Diagnostics;
using Famfs.Cli.Tests.FileCommands.Support;
using Famfs.Mounts;
using Famfs.Cli.Tests.TestSupport;

namespace Famfs.Cli.Tests.Mount.Support;

/// <summary>
/// A formatted /dev/shm device (a <see cref="CliFixture"/>) plus famfs mounts of it made by the
/// real CLI, i.e. real famfs-fuse daemons. Dispose takes every mount down (famfs umount, then
/// umount -l), kills any daemon still serving the device or a mount point, and deletes the
/// mount points, the extra files and the device — also when the test failed.
/// </summary>
internal sealed class MountRig : IDisposable
{
    private readonly TempDirectory _root = new("famfs-mount-test");
    private readonly List<string> _mountPoints = [];
    private readonly List<TempDevice> _extraFiles = [];
    private readonly List<string> _extraDirectories = [];
    private readonly List<Process> _helpers = [];

    public MountRig()
    {
        FuseEnvironment.Require();
        var daemon = Path.Combine(AppContext.BaseDirectory, "famfs-fuse.dll");
        Assert.True(File.Exists(daemon), $"famfs-fuse is not next to famfs.dll ({daemon} is missing): the test project must reference src/Famfs.Daemon");
        Cli = new CliFixture();
    }

    public CliFixture Cli { get; }

    public string Device => Cli.Device;

    public Guid Master => Cli.Master;

    /// <summary>A fresh empty directory to mount on.</summary>
    public string NewMountPoint(string name)
    {
        var path = _root[name];
        Directory.CreateDirectory(path);
        _mountPoints.Add(path);
        return path;
    }

    /// <summary>A mount point the CLI made itself (famfs mount -D): unmounted and removed on dispose like the rig's own.</summary>
    public void Adopt(string mountPoint)
    {
        _mountPoints.Add(mountPoint);
        _extraDirectories.Add(mountPoint);
    }

    /// <summary>
    /// `famfs mount -t SECONDS [--cache MODE] DEVICE MP` as <paramref name="host"/> (default: the
    /// master), with <paramref name="environment"/> added (e.g. FAMFS_RUN_DIR); asserts success.
    /// </summary>
    public string Mount(string name, Guid? host = null, double pollSeconds = 1, string? device = null, string? cache = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var mountPoint = NewMountPoint(name);
        string[] cacheOption = cache is null ? [] : ["--cache", cache];
        var result = Cli.Run(["mount", "-t", pollSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), .. cacheOption, device ?? Device, mountPoint],
            host, extra: environment);
        Assert.True(result.ExitCode == 0, $"famfs mount {device ?? Device} {mountPoint} failed: {result}");
        Assert.Equal(FamfsMountTable.FuseType, FamfsMountTable.MountedType(mountPoint));
        return mountPoint;
    }

    public CliResult Famfs(IReadOnlyList<string> args, Guid? host = null, int timeoutSeconds = 60) => Cli.Run(args, host, timeoutSeconds);

    /// <summary>The device offset of the first extent of <paramref name="path"/> (famfs getmap --json).</summary>
    public ulong FirstExtentOffset(string path) =>
        System.Text.Json.JsonDocument.Parse(CliFixture.Expect(0, Famfs(["getmap", "--json", path])).Stdout)
            .RootElement.GetProperty("extents")[0].GetProperty("offset").GetUInt64();

    /// <summary>A path that is deleted on dispose (links to the device, local source files).</summary>
    public string ExtraFile(string name)
    {
        var file = TempDevice.ReservePath($"mount-{name}");
        _extraFiles.Add(file);
        return file.Path;
    }

    /// <summary>A directory the test made happen outside the rig (e.g. a poison record under /run/famfs), deleted on dispose.</summary>
    public void ExtraDirectory(string path) => _extraDirectories.Add(path);

    /// <summary>Starts a helper process in <paramref name="workingDirectory"/> (killed on dispose), e.g. one keeping a mount busy.</summary>
    public Process StartHelper(string program, IEnumerable<string> args, string workingDirectory)
    {
        var process = Shell.Start(program, args, workingDirectory);
        _helpers.Add(process);
        return process;
    }

    public static bool IsMounted(string mountPoint) => FamfsMountTable.MountedType(mountPoint) is not null;

    /// <summary>The pid of the daemon serving <paramref name="mountPoint"/>, from its claim record.</summary>
    public static int DaemonPid(string mountPoint) =>
        FamfsMountTable.At(mountPoint)?.DaemonPid ?? throw new InvalidOperationException($"no live famfs mount record for {mountPoint}");

    /// <summary>The log file of the daemon serving <paramref name="mountPoint"/> (beside its control socket).</summary>
    public static string DaemonLog(string mountPoint) =>
        Path.ChangeExtension(FamfsMountTable.At(mountPoint)?.ControlSocket ?? throw new InvalidOperationException($"no live famfs mount record for {mountPoint}"), ".log");

    /// <summary>Live (not zombie) famfs-fuse processes serving this rig's device or one of its mount points.</summary>
    public IReadOnlyList<int> LiveDaemons()
    {
        var mine = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var args = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                if (!args.Any(a => a.EndsWith("famfs-fuse", StringComparison.Ordinal) || a.EndsWith("famfs-fuse.dll", StringComparison.Ordinal))
                    || !args.Any(a => a == Device || a == Path.GetFullPath(Device) || _mountPoints.Contains(a)))
                {
                    continue;
                }

                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                if (!stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z'))
                {
                    mine.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return mine;
    }

    /// <summary>Whether any claim of this rig's device is held (by any host identity).</summary>
    public bool AnyClaimHeld() => HostClaim.LiveRecords().Any(r => r.DevicePath == Path.GetFullPath(Device));

    /// <summary>Polls <paramref name="condition"/> every 20 ms until it holds or <paramref name="timeout"/> passes.</summary>
    public static bool WaitFor(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            Thread.Sleep(20);
        }

        return true;
    }

    public void Dispose()
    {
        foreach (var helper in _helpers)
        {
            Shell.Stop(helper);
        }

        foreach (var mountPoint in Enumerable.Reverse(_mountPoints))
        {
            if (IsMounted(mountPoint))
            {
                try
                {
                    Famfs(["umount", mountPoint], timeoutSeconds: 30);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // Fall through to the lazy unmount.
                }
            }

            for (var i = 0; i < 5 && IsMounted(mountPoint); i++)
            {
                Shell.Run("umount", ["-l", mountPoint]);
            }
        }

        foreach (var pid in LiveDaemons())
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
                process.WaitForExit(5000);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // Already gone.
            }
        }

        foreach (var file in _extraFiles)
        {
            file.Dispose();
        }

        foreach (var directory in _extraDirectories.Where(Directory.Exists))
        {
            Directory.Delete(directory, recursive: true);
        }

        _root.Dispose();
        Cli.Dispose();
    }
}
