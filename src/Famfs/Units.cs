using System.Globalization;
using Famfs.Errors;

namespace Famfs;

/// <summary>Sizes as famfs users write and read them: k/K/m/M/g/G suffixes, powers of 1024.</summary>
internal static class Units
{
    public const ulong KiB = 1024;
    public const ulong MiB = 1024 * KiB;
    public const ulong GiB = 1024 * MiB;
    public const ulong TiB = 1024 * GiB;

    /// <summary>Parses "4096", "8m", "4G" (a k/K/m/M/g/G/t/T suffix multiplies by a power of 1024), or "0x40000000".</summary>
    public static ulong ParseSize(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            throw BadSize(text);
        }

        if (trimmed.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            // Device offsets are often written in hex (getmap prints them so).
            return ulong.TryParse(trimmed.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex)
                ? hex
                : throw BadSize(text);
        }

        var multiplier = char.ToLowerInvariant(trimmed[^1]) switch
        {
            'k' => KiB,
            'm' => MiB,
            'g' => GiB,
            't' => TiB,
            _ => 1UL,
        };
        var digits = multiplier == 1 ? trimmed : trimmed[..^1];
        if (!ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw BadSize(text);
        }

        try
        {
            return checked(value * multiplier);
        }
        catch (OverflowException)
        {
            throw BadSize(text);
        }
    }

    /// <summary>
    /// <see cref="ParseSize"/> for a file or device length, which .NET and the public API hold in a
    /// long: a value past 8 EiB fits no device, and is refused as too large rather than wrapped negative.
    /// </summary>
    public static long ParseLength(string text) => ParseSize(text) is var size && size <= long.MaxValue
        ? (long)size
        : throw new FamfsException(Errno.EFBIG, $"'{text}' is larger than any device can be (8 EiB)", "give a size that fits the device, e.g. 4G");

    /// <summary>"4.0 GiB", "512 B": for messages and tables.</summary>
    public static string Human(ulong bytes)
    {
        string[] names = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < names.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? $"{bytes} B"
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {names[unit]}");
    }

    private static FamfsException BadSize(string text) => new(Errno.EINVAL,
        $"'{text}' is not a size", "write a whole number of bytes with an optional k, m, g or t suffix (powers of 1024), e.g. 8m or 4G, or a hex number such as 0x200000");
}
