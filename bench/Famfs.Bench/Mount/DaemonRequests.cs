using Famfs.TestSupport;
using static Famfs.Bench.Mount.MountTools;

namespace Famfs.Bench.Mount;

/// <summary>
/// The FUSE requests a famfs mount's daemon has served, read from its administration socket
/// (/icache_stats, found through the user.famfs.shadow attribute as the reference's scripts find
/// it) with curl, outside any timed section.
/// </summary>
internal sealed class DaemonRequests(string mountPoint)
{
    private static readonly (string Counter, string Label)[] Shown =
        [("listings_plus", "readdirplus"), ("listings", "readdir"), ("lookups", "lookup"), ("getattrs", "getattr"), ("xattr_requests", "xattr")];

    private readonly string _socket = Path.Combine(Exec("getfattr", "-n", "user.famfs.shadow", "--only-values", mountPoint), "sock");

    public Dictionary<string, long> Counters() =>
        IcacheStats.Parse(Exec("curl", "-sS", "--fail", "--unix-socket", _socket, "http://localhost/icache_stats"));

    /// <summary>"202 readdirplus, 0 readdir, ..." (readdir: those without attributes) between two readings.</summary>
    public static string Between(Dictionary<string, long> before, Dictionary<string, long> after)
    {
        long Asked(string counter) => after[counter] - before[counter];
        return string.Join(", ", Shown.Select(s => Invariant($"{(s.Counter == "listings" ? Asked("listings") - Asked("listings_plus") : Asked(s.Counter))} {s.Label}")));
    }
}
