namespace Famfs.Cli.Tests.FileCommands.Support;

/// <summary>The process-heavy file-command tests run one class at a time: the machine has few cores.</summary>
[CollectionDefinition(Name)]
public sealed class CliCollection
{
    public const string Name = "famfs file commands (real processes)";
}
