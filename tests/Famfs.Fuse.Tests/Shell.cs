using System.ComponentModel;
using System.Diagnostics;

namespace Famfs.Fuse.Tests;

/// <summary>Runs a program to completion (with a deadline) and captures its output.</summary>
internal static class Shell
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout:\n{StdOut}\n--- stderr:\n{StdErr}";
    }

    public static Result Run(string program, IEnumerable<string> args, string? workingDirectory = null, TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? "/",
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', args)} did not finish in time (a hung FUSE request?)");
        }

        return new Result(process.ExitCode, stdout.Result, stderr.Result);
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
