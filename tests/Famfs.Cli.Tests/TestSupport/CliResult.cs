namespace Famfs.Cli.Tests.TestSupport;

/// <summary>What one CLI run produced, with the assertions every command's output must satisfy.</summary>
internal sealed record CliResult(string CommandLine, int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Every documented failure exit code (ExitCodes), not success and not the internal-error code.</summary>
    public static readonly int[] DocumentedFailureCodes =
    [
        ExitCodes.CheckFailed, ExitCodes.Usage, ExitCodes.NotFound, ExitCodes.NotPermitted, ExitCodes.Exists,
        ExitCodes.NoSpace, ExitCodes.NoFileSystem, ExitCodes.SystemError, ExitCodes.Timeout,
    ];

    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"famfs {CommandLine} → exit {ExitCode}\n--- stdout:\n{Stdout}\n--- stderr:\n{Stderr}";

    public CliResult AssertSuccess()
    {
        Assert.True(ExitCode == ExitCodes.Success && Stderr.Length == 0, $"expected success: {this}");
        return this;
    }

    /// <summary>Exit code <paramref name="expected"/> and exactly one stderr line containing every word.</summary>
    public CliResult AssertOneLineError(int expected, params string[] words)
    {
        Assert.True(ExitCode == expected, $"expected exit {expected}: {this}");
        Assert.True(StderrLines.Length == 1, $"expected exactly one stderr line: {this}");
        AssertMentions(Stderr, words);
        return this;
    }

    /// <summary>
    /// A failure reported cleanly: a documented non-zero exit code (never 70), no stack trace,
    /// and either exactly one stderr line or a report on stdout — whichever it is names every word.
    /// </summary>
    public CliResult AssertReportedFailure(params string[] words)
    {
        Assert.True(DocumentedFailureCodes.Contains(ExitCode), $"expected a documented failure exit code: {this}");
        Assert.False(Stderr.Contains("Unhandled exception", StringComparison.Ordinal) || Stderr.Contains("internal error", StringComparison.Ordinal),
            $"crashed: {this}");
        if (Stderr.Length > 0)
        {
            Assert.True(StderrLines.Length == 1, $"expected at most one stderr line: {this}");
            AssertMentions(Stderr, words);
        }
        else
        {
            AssertMentions(Stdout, words);
        }

        return this;
    }

    private void AssertMentions(string text, string[] words)
    {
        foreach (var word in words)
        {
            Assert.True(text.Contains(word, StringComparison.OrdinalIgnoreCase), $"output does not mention '{word}': {this}");
        }
    }
}
