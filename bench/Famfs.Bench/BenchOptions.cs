using System.Globalization;
using Famfs.Errors;

namespace Famfs.Bench;

/// <summary>
/// The options after the benchmark name: where to run (--device), how much to read (--size)
/// and how many files to create (--count). Each is null when not given; a benchmark that
/// takes it chooses its own default.
/// </summary>
internal sealed record BenchOptions
{
    public const string DeviceOption = "--device";
    public const string SizeOption = "--size";
    public const string CountOption = "--count";

    public const string Usage = $"[{DeviceOption} PATH] [{SizeOption} BYTES] [{CountOption} N]";

    /// <summary>An existing memory device (e.g. /dev/dax0.0) to format and use instead of a /dev/shm scratch file.</summary>
    public string? Device { get; init; }

    /// <summary>Bytes, with an optional k/m/g suffix (powers of 1024).</summary>
    public ulong? Size { get; init; }

    public int? Count { get; init; }

    /// <summary>The options given, by their command-line names.</summary>
    public IEnumerable<string> Given()
    {
        if (Device is not null)
        {
            yield return DeviceOption;
        }

        if (Size is not null)
        {
            yield return SizeOption;
        }

        if (Count is not null)
        {
            yield return CountOption;
        }
    }

    /// <summary>Parses `--NAME VALUE` pairs; throws a <see cref="FamfsException"/> naming the first bad one.</summary>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i += 2)
        {
            var name = args[i];
            if (i + 1 == args.Count)
            {
                throw new FamfsException(Errno.EINVAL, $"{name} needs a value", $"usage: famfs-bench NAME|all {Usage}");
            }

            var value = args[i + 1];
            options = name switch
            {
                DeviceOption => options with { Device = value },
                SizeOption => options with { Size = Units.ParseSize(value) },
                CountOption => options with { Count = ParseCount(value) },
                _ => throw new FamfsException(Errno.EINVAL, $"unknown option '{name}'", $"usage: famfs-bench NAME|all {Usage}"),
            };
        }

        return options;
    }

    private static int ParseCount(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
            ? count
            : throw new FamfsException(Errno.EINVAL, $"'{text}' is not a count", "give a whole number of at least 1");
}
