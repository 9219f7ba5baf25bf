using Famfs.Errors;

namespace Famfs.Fuse;

/// <summary>Which errno a failed request gets, and the log line for failures nobody expected.</summary>
internal static class FuseErrors
{
    public static Errno ToErrno(Exception error, string operation)
    {
        if (error is FamfsException { Errno: not Errno.None } famfs)
        {
            return famfs.Errno;
        }

        Log($"famfs-fuse: {operation} failed unexpectedly, answering EIO: {error}");
        return Errno.EIO;
    }

    /// <summary>stderr, never throwing: this runs inside native callbacks.</summary>
    public static void Log(string line)
    {
        try
        {
            Console.Error.WriteLine(line);
        }
        catch (IOException)
        {
            // stderr is gone (closed pipe); the reply still goes out.
        }
    }
}
