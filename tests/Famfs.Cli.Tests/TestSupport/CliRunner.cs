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

        var result = Shell.Run(Shell.DotnetHost, [famfs, .. args], Environment.CurrentDirectory, Timeout,
            new Dictionary<string, string> { ["FAMFS_SYSTEM_UUID"] = systemUuid.ToString(), ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" });
        return new CliResult(string.Join(' ', args), result.ExitCode, result.StdOut, result.StdErr);
    }
}
