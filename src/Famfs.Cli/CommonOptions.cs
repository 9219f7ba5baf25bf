using System.CommandLine;
using Famfs.Errors;

namespace Famfs.Cli;

/// <summary>Options that mean the same in every command.</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Print the result as one JSON document" };

    public static Option<bool> Quiet(string description) => new("--quiet", "-q") { Description = description };

    public static Option<bool> Verbose() => new("--verbose", "-v") { Description = "Say more" };

    /// <summary>The most threads a command takes, as in the reference tools.</summary>
    public const int MaxThreads = 256;

    public static Option<int> Threads(string description) => new("--threadct", "-t")
    {
        Description = $"{description} (1 to {MaxThreads}; default: the number of processors)",
        DefaultValueFactory = _ => Math.Min(Environment.ProcessorCount, MaxThreads),
    };

    /// <summary>The value of a <see cref="Threads"/> option, refused outside 1..<see cref="MaxThreads"/>.</summary>
    public static int ThreadCount(ParseResult result, Option<int> option)
    {
        var count = result.GetValue(option);
        return count is >= 1 and <= MaxThreads ? count : throw new FamfsException(Errno.EINVAL,
            $"-t/--threadct {count} is not a thread count from 1 to {MaxThreads}", "give e.g. -t 4, or leave it out to use one thread per processor");
    }

    public static Argument<string> Device() => new("DEVICE")
    {
        Description = "Memory device: /dev/daxX.Y, /dev/pmemN or a regular file such as /dev/shm/famfs0",
    };
}
