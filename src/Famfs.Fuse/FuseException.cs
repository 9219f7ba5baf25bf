namespace Famfs.Fuse;

/// <summary>
/// A request failed with <see cref="Errno"/>: thrown by a file system to answer the kernel with
/// that errno, and by the binding when mounting or a native call fails.
/// </summary>
public class FuseException(Errno errno, string message, string? remedy = null, Exception? inner = null)
    : IOException(message, inner)
{
    public Errno Errno { get; } = errno;

    /// <summary>What the user can do about it, or null when there is nothing useful to add.</summary>
    public string? Remedy { get; } = remedy;

    /// <summary>Message and remedy as one line, for a log or an error line.</summary>
    public string OneLine => Remedy is null ? Message : $"{Message}; {Remedy}";
}
