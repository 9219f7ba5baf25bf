namespace Famfs.Errors;

/// <summary>
/// The one exception type of famfs.net. <see cref="Exception.Message"/> names the problem
/// (which structure, which entry, which value); <see cref="Remedy"/> says what to do about it.
/// Both are written for the person at the terminal: the CLI prints them on one line. It is an
/// <see cref="IOException"/>, as .NET's own file errors are, and its <see cref="Exception.HResult"/>
/// carries the errno too. Code that turns a foreign IOException into a famfs error must
/// exclude this type (<c>when (e is not FamfsException)</c>), or it would rewrap famfs's own.
/// </summary>
public class FamfsException : IOException
{
    public FamfsException(Errno errno, string message, string? remedy = null, Exception? inner = null)
        : base(message, inner)
    {
        HResult = (int)errno;
        Errno = errno;
        Remedy = remedy;
    }

    /// <summary>The errno-like code: what the FUSE daemon replies and what picks the CLI exit code.</summary>
    public Errno Errno { get; }

    /// <summary>What the user can do about it, or null when there is nothing useful to add.</summary>
    public string? Remedy { get; }

    /// <summary>Message and remedy as one line, the way the CLI prints it.</summary>
    public string OneLine => Remedy is null ? Message : $"{Message}; {Remedy}";
}

/// <summary>On-media metadata (superblock, log header or entry) is not what the format requires.</summary>
public sealed class MetadataCorruptException(string message, string? remedy = null)
    : FamfsException(Errno.EUCLEAN, message, remedy);

/// <summary>The operation needs the master host, and this host is a client of the file system.</summary>
public sealed class NotMasterException(string message, string? remedy = null)
    : FamfsException(Errno.EPERM, message, remedy);
