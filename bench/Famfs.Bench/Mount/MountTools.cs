using System.Diagnostics;
using System.Globalization;
using Famfs.Bench.Cli;
using Famfs.Mounts;
using Famfs.TestSupport;

namespace Famfs.Bench.Mount;

/// <summary>
/// What the mount benchmarks share: the shipped CLI (the native AOT `famfs` scripts/setup.sh
/// built in artifacts/aot, which starts the AOT famfs-fuse beside it exactly as `famfs mount`
/// does for a user; a JIT daemon would charge its first requests with compilation), scratch directories, page-cache dropping, libfuse's
/// passthrough_ll compiled at run time, and cleanup of everything they made.
/// </summary>
internal sealed class MountTools : IDisposable
{
    private readonly List<string> _mountPoints = [];
    private readonly List<TempDirectory> _directories = [];
    private readonly List<Process> _processes = [];

    public MountTools()
    {
        if (!Environment.IsPrivilegedProcess || !File.Exists("/dev/fuse"))
        {
            throw new InvalidOperationException("the mount benchmarks need root and /dev/fuse");
        }

        CliBuild.Aot.Require();
    }

    public static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>A fresh directory in /dev/shm (tmpfs), deleted on dispose.</summary>
    public string Scratch(string tag)
    {
        var directory = TempDirectory.InShm($"bench-{tag}");
        _directories.Add(directory);
        return directory.Path;
    }

    /// <summary>A fresh empty mount point under /tmp, unmounted and removed on dispose.</summary>
    public string MountPoint(string tag)
    {
        var directory = new TempDirectory($"famfs-bench-{tag}");
        _directories.Add(directory);
        _mountPoints.Add(directory.Path);
        return directory.Path;
    }

    /// <summary>Runs `famfs ARGS` as the master of TestLog's devices; throws on failure.</summary>
    public static string RunFamfs(params string[] args) => RunFamfsAs(TestLog.MasterUuid, args);

    /// <summary>Runs `famfs ARGS` as host <paramref name="host"/> (FAMFS_SYSTEM_UUID); throws on failure.</summary>
    public static string RunFamfsAs(Guid host, params string[] args)
    {
        var result = Shell.Run(CliBuild.Aot.Famfs, args, Environment.CurrentDirectory,
            TimeSpan.FromMinutes(5), new Dictionary<string, string> { ["FAMFS_SYSTEM_UUID"] = host.ToString() });
        return result.ExitCode == 0 ? result.StdOut
            : throw new InvalidOperationException($"famfs {string.Join(' ', args)} exited {result.ExitCode}: {result.StdErr}{result.StdOut}");
    }

    /// <summary>`famfs mount [OPTIONS] DEVICE MP` as the master; returns how long the command took (it returns once the mount is live).</summary>
    public TimeSpan Mount(string device, string mountPoint, params string[] options) => MountAs(TestLog.MasterUuid, device, mountPoint, options);

    /// <summary>`famfs mount [OPTIONS] DEVICE MP` as host <paramref name="host"/>: a client when it is not the device's master.</summary>
    public TimeSpan MountAs(Guid host, string device, string mountPoint, params string[] options)
    {
        if (!_mountPoints.Contains(mountPoint))
        {
            _mountPoints.Add(mountPoint);
        }

        var clock = Stopwatch.StartNew();
        RunFamfsAs(host, ["mount", .. options, device, mountPoint]);
        var took = clock.Elapsed;
        if (FamfsMountTable.MountedType(mountPoint) != FamfsMountTable.FuseType)
        {
            throw new InvalidOperationException($"famfs mount returned but {mountPoint} is not a famfs mount");
        }

        return took;
    }

    public static void Umount(string mountPoint) => RunFamfs("umount", mountPoint);

    public static void DropCaches()
    {
        Exec("sync");
        File.WriteAllText("/proc/sys/vm/drop_caches", "3");
    }

    /// <summary>
    /// Builds libfuse's passthrough_ll example (from the libfuse3-dev documentation) into a temp
    /// directory and mounts <paramref name="source"/> with it at <paramref name="mountPoint"/>; returns its pid.
    /// </summary>
    public int StartPassthrough(string source, string mountPoint)
    {
        const string example = "/usr/share/doc/libfuse3-dev/examples/passthrough_ll.c";
        if (!File.Exists(example))
        {
            throw new InvalidOperationException($"{example} is missing: apt-get install libfuse3-dev");
        }

        return StartCompiled(example, mountPoint, "-f", "-o", $"source={source}", mountPoint);
    }

    /// <summary>
    /// Builds bench/Famfs.Bench/Mount/mapped_ll.c (copied to Mount/ beside the benchmark) and mounts it at
    /// <paramref name="mountPoint"/>, serving <paramref name="source"/> as "data" with direct I/O
    /// from a mapping: the C floor for famfs's strict mode. Returns its pid.
    /// </summary>
    public int StartMapped(string source, string mountPoint) =>
        StartCompiled(Path.Combine(AppContext.BaseDirectory, "Mount", "mapped_ll.c"), mountPoint, source, mountPoint);

    /// <summary>Compiles a libfuse daemon's C source and runs it; returns its pid once it has mounted <paramref name="mountPoint"/>.</summary>
    private int StartCompiled(string cSource, string mountPoint, params string[] args)
    {
        var build = Scratch("c-daemon-build");
        var binary = Path.Combine(build, Path.GetFileNameWithoutExtension(cSource));
        Exec("sh", "-c", $"gcc -O2 -Wall '{cSource}' $(pkg-config --cflags --libs fuse3) -o '{binary}'");
        _processes.Add(Shell.Start(binary, args));
        var clock = Stopwatch.StartNew();
        while (!File.ReadAllText("/proc/self/mountinfo").Contains($" {mountPoint} ", StringComparison.Ordinal))
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(10) || _processes[^1].HasExited)
            {
                throw new InvalidOperationException($"{Path.GetFileName(binary)} did not mount {mountPoint}: {_processes[^1].StandardError.ReadToEnd()}");
            }

            Thread.Sleep(10);
        }

        return _processes[^1].Id;
    }

    public static string Exec(string program, params string[] args)
    {
        var result = Shell.Run(program, args, Environment.CurrentDirectory, TimeSpan.FromMinutes(5));
        return result.ExitCode == 0 ? result.StdOut
            : throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited {result.ExitCode}: {result.StdErr}");
    }

    public void Dispose()
    {
        foreach (var mountPoint in _mountPoints)
        {
            if (File.ReadAllText("/proc/self/mountinfo").Contains($" {mountPoint} ", StringComparison.Ordinal))
            {
                try
                {
                    if (FamfsMountTable.MountedType(mountPoint) == FamfsMountTable.FuseType && FamfsMountTable.At(mountPoint) is not null)
                    {
                        Umount(mountPoint);
                    }
                }
                catch (InvalidOperationException e)
                {
                    Console.Error.WriteLine($"famfs-bench: {e.Message}");
                }

                for (var i = 0; i < 5 && FamfsMountTable.MountedType(mountPoint) is not null; i++)
                {
                    Shell.Run("umount", ["-l", mountPoint]);
                }
            }
        }

        foreach (var process in _processes)
        {
            Shell.Stop(process);
        }

        foreach (var directory in _directories)
        {
            directory.Dispose();
        }
    }
}
