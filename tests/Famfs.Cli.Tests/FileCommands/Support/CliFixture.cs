using System.Diagnostics;
using Famfs.Admin;
using Famfs.Cli.Tests.TestSupport;
using Famfs.Devices;
using Famfs.Format;
using Famfs.Lifecycle;

namespace Famfs.Cli.Tests.FileCommands.Support;

/// <summary>
/// A formatted famfs device (a <see cref="TempDevice"/>) plus the famfs CLI run as real processes
/// (`dotnet famfs.dll …`) against it. Dispose kills every process still running and deletes the
/// device and every scratch directory, even when the test failed.
/// </summary>
internal sealed class CliFixture : IDisposable
{
    private static readonly string CliDll = Path.Combine(AppContext.BaseDirectory, "famfs.dll");
    private readonly List<Process> _processes = [];
    private readonly List<IDisposable> _scratch = [];
    private readonly TempDevice _file;

    public CliFixture(ulong deviceSize = 4 * Units.GiB)
    {
        if (!File.Exists(CliDll))
        {
            Assert.Fail($"the famfs CLI is not next to the tests ({CliDll}): the test project must reference src/Famfs.Cli");
        }

        _file = TempDevice.CreateSparse("cli", deviceSize);
        _scratch.Add(_file);
        Device = _file.Path;
        using var device = _file.Open(writable: true);
        Mkfs.Format(device, FormatConstants.DefaultLogLength, force: false, Master);
    }

    public string Device { get; }

    /// <summary>The system UUID mkfs recorded: processes run with it are the master.</summary>
    public Guid Master { get; } = Guid.NewGuid();

    /// <summary>A fresh scratch directory (in /dev/shm, so copies are fast), deleted on dispose.</summary>
    public string ScratchDirectory()
    {
        var directory = TempDirectory.InShm("cli-scratch");
        _scratch.Add(directory);
        return directory.Path;
    }

    /// <summary>
    /// Starts `famfs ARGS` as host <paramref name="host"/> (default: the master); stdout/stderr are
    /// collected. With <paramref name="crashAt"/>, the process (and the daemon it starts) kills
    /// itself at that crash point (src/Famfs/Diagnostics/CrashPoint.cs). <paramref name="extra"/>
    /// adds environment variables (e.g. FAMFS_RUN_DIR, so each host has its own /run/famfs).
    /// </summary>
    public Process Start(IEnumerable<string> args, Guid? host = null, string? crashAt = null, IReadOnlyDictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string>(extra ?? new Dictionary<string, string>()) { ["FAMFS_SYSTEM_UUID"] = (host ?? Master).ToString() };
        if (crashAt is not null)
        {
            environment["FAMFS_CRASH_AT"] = crashAt;
        }

        var process = Shell.Start(Shell.DotnetHost, [CliDll, .. args], Environment.CurrentDirectory, environment);
        lock (_processes)
        {
            _processes.Add(process);
        }

        return process;
    }

    /// <summary>Runs `famfs ARGS` to completion (at most <paramref name="timeoutSeconds"/>).</summary>
    public CliResult Run(IReadOnlyList<string> args, Guid? host = null, int timeoutSeconds = 60, string? crashAt = null, IReadOnlyDictionary<string, string>? extra = null)
    {
        using var process = Start(args, host, crashAt, extra);
        return Wait(process, timeoutSeconds);
    }

    /// <summary>Runs a file command as the master: `famfs COMMAND -D DEVICE ARGS`.</summary>
    public CliResult Exec(string command, params string[] args) => Run([command, "-D", Device, .. args]);

    public static CliResult Wait(Process process, int timeoutSeconds = 60)
    {
        var result = Shell.Wait(process, TimeSpan.FromSeconds(timeoutSeconds));
        return new CliResult(string.Join(' ', process.StartInfo.ArgumentList.Skip(1)), result.ExitCode, result.StdOut, result.StdErr);
    }

    /// <summary>Expects exit code <paramref name="expected"/>, showing the output otherwise.</summary>
    public static CliResult Expect(int expected, CliResult result)
    {
        Assert.True(result.ExitCode == expected, $"expected exit {expected}, got {result}");
        return result;
    }

    /// <inheritdoc cref="TempDevice.ReadLogHeader"/>
    public LogHeader Header() => _file.ReadLogHeader();

    /// <inheritdoc cref="TempDevice.MetadataHash"/>
    public string MetadataHash() => _file.MetadataHash();

    /// <summary>The library's fsck of the device.</summary>
    public FsckReport Fsck()
    {
        using var device = MemoryDevice.Open(Device, writable: false);
        return Admin.Fsck.Run(device);
    }

    /// <inheritdoc cref="TempDevice.AssertFsckClean"/>
    public void AssertFsckClean() => _file.AssertFsckClean();

    public void Dispose()
    {
        lock (_processes)
        {
            foreach (var process in _processes)
            {
                Shell.Stop(process);
            }
        }

        foreach (var scratch in _scratch)
        {
            scratch.Dispose();
        }
    }
}
