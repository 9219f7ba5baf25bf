using System.Diagnostics;
using System.Security.Cryptography;
using Famfs.Admin;
using Famfs.Devices;
using Famfs.Format;
using Famfs.Lifecycle;

namespace Famfs.Cli.Tests.FileCommands.Support;

/// <summary>What one famfs process did.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";

    /// <summary>The same result with the output assertions of <see cref="TestSupport.CliResult"/>.</summary>
    public TestSupport.CliResult Checked(string commandLine = "") => new(commandLine, ExitCode, Stdout, Stderr);
}

/// <summary>
/// A formatted famfs device in /dev/shm plus the famfs CLI run as real processes
/// (`dotnet famfs.dll …`) against it. Dispose kills every process still running and deletes the
/// device and every scratch directory, even when the test failed.
/// </summary>
internal sealed class CliFixture : IDisposable
{
    private static readonly string CliDll = Path.Combine(AppContext.BaseDirectory, "famfs.dll");
    private readonly List<Process> _processes = [];
    private readonly List<string> _scratch = [];

    public CliFixture(ulong deviceSize = 4 * Units.GiB)
    {
        if (!File.Exists(CliDll))
        {
            Assert.Fail($"the famfs CLI is not next to the tests ({CliDll}): the test project must reference src/Famfs.Cli");
        }

        if (!Directory.Exists("/dev/shm"))
        {
            Assert.Fail("/dev/shm does not exist: these tests need a tmpfs there to hold famfs devices");
        }

        Device = $"/dev/shm/famfs-cli-test-{Guid.NewGuid():N}";
        _scratch.Add(Device);
        using var device = MemoryDevice.CreateFile(Device, deviceSize);
        Mkfs.Format(device, FormatConstants.DefaultLogLength, force: false, Master);
    }

    public string Device { get; }

    /// <summary>The system UUID mkfs recorded: processes run with it are the master.</summary>
    public Guid Master { get; } = Guid.NewGuid();

    /// <summary>A fresh scratch directory (in /dev/shm, so copies are fast), deleted on dispose.</summary>
    public string ScratchDirectory()
    {
        var path = $"/dev/shm/famfs-cli-scratch-{Guid.NewGuid():N}";
        _scratch.Add(path);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>
    /// Starts `famfs ARGS` as host <paramref name="host"/> (default: the master); stdout/stderr are
    /// collected. With <paramref name="crashAt"/>, the process (and the daemon it starts) kills
    /// itself at that crash point (src/Famfs/Diagnostics/CrashPoint.cs).
    /// </summary>
    public Process Start(IEnumerable<string> args, Guid? host = null, string? crashAt = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(CliDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["FAMFS_SYSTEM_UUID"] = (host ?? Master).ToString();
        if (crashAt is not null)
        {
            info.Environment["FAMFS_CRASH_AT"] = crashAt;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        lock (_processes)
        {
            _processes.Add(process);
        }

        return process;
    }

    /// <summary>Runs `famfs ARGS` to completion (at most <paramref name="timeoutSeconds"/>).</summary>
    public CliResult Run(IReadOnlyList<string> args, Guid? host = null, int timeoutSeconds = 60, string? crashAt = null)
    {
        using var process = Start(args, host, crashAt);
        return Wait(process, timeoutSeconds);
    }

    /// <summary>Runs a file command as the master: `famfs COMMAND -D DEVICE ARGS`.</summary>
    public CliResult Exec(string command, params string[] args) => Run([command, "-D", Device, .. args]);

    public static CliResult Wait(Process process, int timeoutSeconds = 60)
    {
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"famfs did not finish within {timeoutSeconds} s; killed it");
        }

        process.WaitForExit();
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Expects exit code <paramref name="expected"/>, showing the output otherwise.</summary>
    public static CliResult Expect(int expected, CliResult result)
    {
        Assert.True(result.ExitCode == expected, $"expected exit {expected}, got {result}");
        return result;
    }

    /// <summary>The log header as it is on the device now.</summary>
    public LogHeader Header()
    {
        Span<byte> bytes = stackalloc byte[FormatConstants.LogHeaderSize];
        using var device = MemoryDevice.Open(Device, writable: false);
        device.ReadAt(FormatConstants.LogOffset, bytes);
        return LogHeaderCodec.Decode(bytes);
    }

    /// <summary>SHA-256 of the metadata region (superblock area and log).</summary>
    public string MetadataHash()
    {
        using var device = MemoryDevice.Open(Device, writable: false);
        using var mapping = device.Map(0, FormatConstants.MetadataLength(FormatConstants.DefaultLogLength), writable: false);
        return Convert.ToHexString(SHA256.HashData(mapping.Read(0, checked((int)mapping.Length))));
    }

    /// <summary>The library's fsck of the device.</summary>
    public FsckReport Fsck()
    {
        using var device = MemoryDevice.Open(Device, writable: false);
        return Admin.Fsck.Run(device);
    }

    public void AssertFsckClean()
    {
        var report = Fsck();
        Assert.True(report.Clean, $"fsck of {Device} found errors:\n  {string.Join("\n  ", report.Errors)}");
    }

    public void Dispose()
    {
        lock (_processes)
        {
            foreach (var process in _processes)
            {
                try
                {
                    if (!process.HasExited)
                    {
                        process.Kill(entireProcessTree: true);
                        process.WaitForExit(10_000);
                    }
                }
                catch (InvalidOperationException)
                {
                    // never started or already reaped
                }

                process.Dispose();
            }
        }

        foreach (var path in _scratch)
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else
            {
                File.Delete(path);
            }
        }
    }
}
