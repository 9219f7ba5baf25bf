using System.ComponentModel;
using System.Diagnostics;

namespace Famfs.TestSupport;

/// <summary>
/// The tests' one way to run a child process: output captured, a deadline on every wait, and a
/// child that overstays it killed with its whole tree, so a hung request fails the test instead
/// of hanging the suite.
/// </summary>
public static class Shell
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout:\n{StdOut}\n--- stderr:\n{StdErr}";
    }

    /// <summary>
    /// The dotnet host that runs this test (so a child runs on the same runtime), or "dotnet" from PATH.
    /// </summary>
    public static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";

    /// <summary>Starts <paramref name="program"/> with stdout and stderr redirected; the caller waits for it (<see cref="Wait"/>) or kills it.</summary>
    public static Process Start(string program, IEnumerable<string> args, string? workingDirectory = "/",
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
    }

    /// <summary>Collects the output of a started process; fails the test (after killing it) if it runs past <paramref name="timeout"/>.</summary>
    public static Result Wait(Process process, TimeSpan? timeout = null)
    {
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var limit = timeout ?? DefaultTimeout;
        if (!process.WaitForExit(limit))
        {
            var what = $"{process.StartInfo.FileName} {string.Join(' ', process.StartInfo.ArgumentList)}";
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{what} did not finish within {limit.TotalSeconds:0} s (a hung FUSE request?); killed it");
        }

        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Kills a started process and everything it started, if it still runs, and releases it (cleanup: never throws for a process that is gone).</summary>
    public static void Stop(Process process)
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
            // Never started, or already reaped.
        }

        process.Dispose();
    }

    /// <summary>Runs a program to completion (at most <paramref name="timeout"/>, default 30 s) in <paramref name="workingDirectory"/> (default /).</summary>
    public static Result Run(string program, IEnumerable<string> args, string? workingDirectory = "/", TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = Start(program, args, workingDirectory, environment);
        return Wait(process, timeout);
    }

    /// <summary>Runs and asserts success; <paramref name="reason"/> explains a missing program or a failure.</summary>
    public static Result RunChecked(string program, IEnumerable<string> args, string reason)
    {
        Result result;
        try
        {
            result = Run(program, args);
        }
        catch (Win32Exception e)
        {
            Assert.Fail($"{reason} ({program}: {e.Message})");
            throw;
        }

        Assert.True(result.ExitCode == 0, $"{reason}: {program} exited {result.ExitCode}: {result.StdErr}");
        return result;
    }
}
