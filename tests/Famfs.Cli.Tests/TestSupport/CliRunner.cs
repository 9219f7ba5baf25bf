using System.Diagnostics;

namespace Famfs.Cli.Tests.TestSupport;

/// <summary>
/// Runs the built CLI (famfs.dll, copied to the test output by the project reference) as a real
/// child process: `dotnet famfs.dll ARGS`, with FAMFS_SYSTEM_UUID set so each test is its own host.
/// </summary>
internal static class CliRunner
{
    public static readonly Guid DefaultHost = Guid.Parse("6a1b2c3d-4e5f-4061-8293-a4b5c6d7e8f9");
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static CliResult Run(params string[] args) => RunAs(DefaultHost, args);

    public static CliResult RunAs(Guid systemUuid, params string[] args)
    {
        var famfs = Path.Combine(AppContext.BaseDirectory, "famfs.dll");
        if (!File.Exists(famfs))
        {
            throw new FileNotFoundException($"the CLI is not in the test output directory: {famfs} is missing");
        }

        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(famfs);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["FAMFS_SYSTEM_UUID"] = systemUuid.ToString();
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the famfs CLI");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"famfs {string.Join(' ', args)} did not finish within {Timeout}");
        }

        process.WaitForExit();
        return new CliResult(string.Join(' ', args), process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string DotnetHost()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
        {
            return fromSdk;
        }

        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }
}
