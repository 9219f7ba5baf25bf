using System.Globalization;
using System.Text;

namespace Famfs.Daemon.Admin;

/// <summary>
/// What the administration interface answers, route by route, with the reference daemon's
/// routes and our own content: GET /pid, GET /icache_stats and GET /icache_dump (YAML),
/// GET, POST or PUT /log_level (a body of "7" or "level=7"), 404 for anything else. We have
/// no inode cache like the reference's; the statistics are what stands in its place: the
/// tree played from the log, the open and still-mapped files, and what was served.
/// </summary>
internal sealed class AdminRoutes(FamfsFuseFileSystem served, DaemonLog log)
{
    public HttpResponse Handle(HttpRequest request) => (request.Method, request.Path) switch
    {
        ("GET", "/pid") => HttpResponse.Yaml(Yaml.Line("pid", Environment.ProcessId)),
        ("GET", "/icache_stats") => HttpResponse.Yaml(Statistics()),
        ("GET", "/icache_dump") => HttpResponse.Yaml(Dump()),
        ("GET", "/log_level") => HttpResponse.Text(Yaml.Invariant($"{(int)log.Level}\n")),
        ("POST" or "PUT", "/log_level") => SetLogLevel(request.Body),
        (_, "/log_level" or "/pid" or "/icache_stats" or "/icache_dump") => new HttpResponse(405, "Method Not Allowed\n"),
        _ => HttpResponse.NotFound(),
    };

    private HttpResponse SetLogLevel(string body)
    {
        if (DaemonLog.ParseLevel(body) is not { } level)
        {
            return new HttpResponse(400, $"Bad Request: log level '{body.Trim()}' is not 0 (emergency) to 7 (debug), given as N or level=N\n");
        }

        var before = log.Level;
        log.Level = level;
        log.Notice($"log level {(int)before} ({before}) -> {(int)level} ({level})");
        return HttpResponse.Text(Yaml.Invariant($"log level set to {(int)level} (from {(int)before})\n"));
    }

    private string Statistics()
    {
        var fs = served.FileSystem;
        var counters = served.Statistics;
        var files = served.OpenFiles.Snapshot();
        var text = new StringBuilder("icache_stats:\n");
        Yaml.Append(text, "uptime_seconds", (long)(DateTimeOffset.UtcNow - counters.Started).TotalSeconds);
        Yaml.Append(text, "role", fs.Role.ToString().ToLowerInvariant());
        Yaml.Append(text, "nodes", fs.Tree.FileCount + fs.Tree.DirectoryCount + 1);
        Yaml.Append(text, "files", fs.Tree.FileCount);
        Yaml.Append(text, "directories", fs.Tree.DirectoryCount);
        Yaml.Append(text, "next_log_index", (long)fs.Tree.NextIndex);
        Yaml.Append(text, "open_files", files.Count(f => f.Handles > 0));
        Yaml.Append(text, "open_handles", files.Sum(f => f.Handles));
        Yaml.Append(text, "mapped_readers", files.Count(f => f.Shared));
        Yaml.Append(text, "idle_mapped_readers", files.Count(f => f.Idle));
        Yaml.Append(text, "idle_mapped_readers_limit", OpenFileTable.IdleReaders);
        Yaml.Append(text, "lookups", counters.Lookups);
        Yaml.Append(text, "lookup_hits", counters.Lookups - counters.LookupMisses);
        Yaml.Append(text, "lookup_misses", counters.LookupMisses);
        Yaml.Append(text, "lookups_found_by_log_play", counters.LookupsFoundByLogPlay);
        Yaml.Append(text, "getattrs", counters.GetAttrs);
        Yaml.Append(text, "listings", counters.Listings);
        Yaml.Append(text, "listings_plus", counters.PlusListings);
        Yaml.Append(text, "listed_entries", counters.ListedEntries);
        Yaml.Append(text, "xattr_requests", counters.XattrRequests);
        Yaml.Append(text, "opens", counters.Opens);
        Yaml.Append(text, "opens_of_mapped_readers", counters.ReaderReuses);
        Yaml.Append(text, "reads", counters.Reads);
        Yaml.Append(text, "read_bytes", counters.ReadBytes);
        Yaml.Append(text, "gathered_reads", counters.GatheredReads);
        Yaml.Append(text, "writes", counters.Writes);
        Yaml.Append(text, "written_bytes", counters.WrittenBytes);
        Yaml.Append(text, "log_plays", counters.LogPlays);
        Yaml.Append(text, "log_entries_played", counters.EntriesPlayed);
        return text.ToString();
    }

    /// <summary>Every open or still-mapped file; the reference writes its dump to its log, so ours goes there too.</summary>
    private string Dump()
    {
        var files = served.OpenFiles.Snapshot();
        var text = new StringBuilder("icache_dump:\n");
        text.Append(files.Count == 0 ? "  files: []\n" : "  files:\n");
        foreach (var file in files)
        {
            text.Append(Yaml.Invariant($"    - path: {Yaml.Quote(file.Path)}\n      handles: {file.Handles}\n"))
                .Append(Yaml.Invariant($"      writable: {Yaml.Bool(file.Writable)}\n      shared: {Yaml.Bool(file.Shared)}\n      idle: {Yaml.Bool(file.Idle)}\n"));
        }

        var dump = text.ToString();
        log.Info(dump.ReplaceLineEndings(" "));
        return dump;
    }
}

/// <summary>The little YAML the routes write: scalars under a two-space indent, paths quoted.</summary>
internal static class Yaml
{
    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public static string Line(string key, long value) => Invariant($"{key}: {value}\n");

    public static void Append(StringBuilder text, string key, long value) => text.Append("  ").Append(Line(key, value));

    public static void Append(StringBuilder text, string key, string value) => text.Append(Invariant($"  {key}: {value}\n"));

    public static string Bool(bool value) => value ? "true" : "false";

    /// <summary>Double-quoted with backslash escapes, so any file name stays one scalar.</summary>
    public static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal) + "\"";
}
