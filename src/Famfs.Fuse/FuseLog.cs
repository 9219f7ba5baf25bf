namespace Famfs.Fuse;

/// <summary>
/// Where the binding reports what nobody asked about: a handler's unexpected exception, a reply
/// the kernel refused, a session loop that would not stop. The sink comes from
/// <see cref="FuseMountOptions.Log"/>; a sink that throws is ignored, because these lines are
/// written inside native callbacks, where no exception may escape.
/// </summary>
internal sealed class FuseLog(Action<string> sink)
{
    public void Write(string line)
    {
#pragma warning disable CA1031 // whatever the sink throws must not unwind into libfuse
        try
        {
            sink(line);
        }
        catch (Exception)
        {
            // The line is lost; the request is still answered.
        }
#pragma warning restore CA1031
    }

    /// <summary>
    /// Whether the kernel took a reply (fuse_reply_* returned 0). -ENOENT means the request was
    /// interrupted, which is normal; any other failure is logged, since nothing can be sent again.
    /// </summary>
    public bool Replied(int result, string operation)
    {
        if (result != 0 && result != -(int)Errno.ENOENT)
        {
            Write($"the reply to {operation} failed: {Interop.NativeResult.Error(-result, operation).Message}");
        }

        return result == 0;
    }

    /// <summary>The errno a failed request gets: the exception's own, the file system's translation, or EIO (logged).</summary>
    public Errno ToErrno(IFuseFileSystem fileSystem, Exception error, string operation)
    {
        if (error is FuseException { Errno: not Errno.None } fuse)
        {
            return fuse.Errno;
        }

        if (Translate(fileSystem, error) is { } translated and not Errno.None)
        {
            return translated;
        }

        Write($"{operation} failed unexpectedly, answering EIO: {error}");
        return Errno.EIO;
    }

    private static Errno? Translate(IFuseFileSystem fileSystem, Exception error)
    {
#pragma warning disable CA1031 // a throwing translation must not unwind into libfuse: the request gets EIO
        try
        {
            return fileSystem.ErrnoOf(error);
        }
        catch (Exception)
        {
            return null;
        }
#pragma warning restore CA1031
    }
}
