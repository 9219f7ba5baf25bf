using System.CommandLine;

namespace Famfs.Cli;

/// <summary>Options that mean the same in every command.</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Print the result as one JSON document" };

    public static Option<bool> Verbose() => new("--verbose", "-v") { Description = "Say more" };

    public static Argument<string> Device() => new("DEVICE")
    {
        Description = "Memory device: /dev/daxX.Y, /dev/pmemN or a regular file such as /dev/shm/famfs0",
    };
}
