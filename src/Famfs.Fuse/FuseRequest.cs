using System.Globalization;

namespace Famfs.Fuse;

/// <summary>
/// Who sent a request: the caller's file-system uid and gid. For writes that come from the
/// page cache (writeback) the kernel cannot tell, and these are zero.
/// </summary>
/// <param name="Pid">The calling thread's id.</param>
/// <param name="Umask">The caller's umask; Mode arguments of create-like calls already have it applied.</param>
public readonly record struct FuseRequest(uint Uid, uint Gid, int Pid, uint Umask)
{
    /// <summary>
    /// The caller's supplementary groups, read from /proc/PID/task/PID/status (the kernel does
    /// not send them; libfuse's fuse_req_getgroups reads the same file). Empty when the thread is
    /// gone or not visible from here: a check then falls back to the other class, never to more.
    /// </summary>
    public IReadOnlyCollection<uint> SupplementaryGroups()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{Pid}/task/{Pid}/status"))
            {
                if (line.StartsWith("Groups:", StringComparison.Ordinal))
                {
                    return [.. line["Groups:".Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)
                        .Select(g => uint.Parse(g, CultureInfo.InvariantCulture))];
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return [];
    }
}
