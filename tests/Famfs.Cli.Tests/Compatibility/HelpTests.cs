using Famfs.Cli.Tests.TestSupport;

namespace Famfs.Cli.Tests.Compatibility;

/// <summary>
/// Help and version text wherever it is asked for: famfs builds every command and the help
/// option only for an invocation that may ask for them, and only the command named otherwise.
/// </summary>
public sealed class HelpTests
{
    private static readonly string[] Commands =
        ["mkfs", "fsck", "logplay", "mkdir", "creat", "cp", "verify", "getmap", "clone", "chkread", "flush", "cat", "mount", "umount", "check", "poison", "hosts", "watch", "mkmeta"];

    public static TheoryData<string> CommandNames => [.. Commands];

    [Fact]
    public void Famfs_help_lists_every_command()
    {
        var help = CliRunner.Run("--help");
        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.All(Commands, name => Assert.Matches($@"(?m)^\s+{name}\s", help.Stdout));
    }

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void Every_command_prints_its_usage_for_help_and_question_mark_without_its_required_arguments(string command)
    {
        foreach (var option in new[] { "--help", "-?" })
        {
            var help = CliRunner.Run(command, option);
            Assert.True(help.ExitCode == 0 && help.Stderr.Length == 0, help.ToString());
            Assert.Matches($@"(?m)^  famfs {command}\b.*\[options\]$", help.Stdout);
        }
    }

    [Fact]
    public void A_help_option_bundled_with_a_command_flag_still_prints_help()
    {
        var help = CliRunner.Run("mkdir", "-vh");
        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.Matches(@"(?m)^  famfs mkdir\b.*\[options\]$", help.Stdout);
    }

    [Fact]
    public void Version_prints_one_line()
    {
        var version = CliRunner.Run("--version");
        Assert.True(version.ExitCode == 0 && version.Stdout.Trim().Split('\n').Length == 1, version.ToString());
    }

    [Fact]
    public void An_unknown_option_of_a_command_is_a_usage_error_naming_it()
    {
        var wrong = CliRunner.Run("fsck", "/dev/null", "--frobnicate");
        Assert.Equal(ExitCodes.Usage, wrong.ExitCode);
        Assert.Contains("--frobnicate", wrong.Stderr, StringComparison.Ordinal);
    }
}
