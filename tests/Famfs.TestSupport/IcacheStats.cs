using System.Globalization;

namespace Famfs.TestSupport;

/// <summary>The numeric counters of a mount daemon's GET /icache_stats answer (YAML under "icache_stats:"), by name.</summary>
public static class IcacheStats
{
    public static Dictionary<string, long> Parse(string yaml) =>
        yaml.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Trim().Split(": ", 2))
            .Where(pair => pair.Length == 2 && long.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .ToDictionary(pair => pair[0], pair => long.Parse(pair[1], CultureInfo.InvariantCulture));
}
