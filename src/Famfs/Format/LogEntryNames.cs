namespace Famfs.Format;

/// <summary>How entries are named in messages: "FILE 'a/b'", "DELETE (2)".</summary>
internal static class LogEntryNames
{
    public static string TypeName(uint type) => type switch
    {
        (uint)LogEntryType.File => "FILE (0)",
        (uint)LogEntryType.Mkdir => "MKDIR (1)",
        (uint)LogEntryType.Delete => "DELETE (2)",
        (uint)LogEntryType.AddDaxdev => "ADD_DAXDEV (3)",
        (uint)LogEntryType.Invalid => "INVALID (4)",
        _ => $"unknown ({type})",
    };

    public static string Describe(LogEntry entry) => entry switch
    {
        FileEntry f => $"FILE '{f.Path}'",
        MkdirEntry d => $"MKDIR '{d.Path}'",
        _ => TypeName(entry.RawType),
    };
}
