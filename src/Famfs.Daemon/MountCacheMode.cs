namespace Famfs.Daemon;

/// <summary>
/// How a mount lets the kernel cache file data (famfs mount --cache; docs/SHARED-STATE.md,
/// "Mount cache modes"). Other hosts write the same memory, so a page the kernel keeps may go
/// stale; each mode trades read speed against how soon another host's write is seen.
/// </summary>
internal enum MountCacheMode
{
    /// <summary>No page cache for regular files (direct I/O): every read reaches device memory.</summary>
    Strict,

    /// <summary>Page cache kept while the file's write generation is unchanged; dropped within one poll of a change.</summary>
    Coherent,

    /// <summary>Page cache kept for the mount's life: for data known never to change.</summary>
    Keep,
}

/// <summary>The names of <see cref="MountCacheMode"/> on command lines.</summary>
internal static class MountCacheModes
{
    public const string Names = "strict, coherent or keep";

    public static MountCacheMode? Parse(string text) => text switch
    {
        "strict" => MountCacheMode.Strict,
        "coherent" => MountCacheMode.Coherent,
        "keep" => MountCacheMode.Keep,
        _ => null,
    };

    public static string Name(this MountCacheMode mode) => mode.ToString().ToLowerInvariant();
}
