namespace Famfs.Fuse;

/// <summary>
/// Reads /proc/self/mountinfo. Asking the kernel's table rather than stat()ing the mount
/// point never sends a request to a FUSE daemon, so it cannot hang on a dead or busy one.
/// </summary>
internal static class MountTable
{
    public static bool IsMounted(string mountPoint) => FindMountType(mountPoint) is not null;

    /// <summary>The file system type (e.g. "fuse.famfs") mounted at <paramref name="mountPoint"/>, or null.</summary>
    public static string? FindMountType(string mountPoint)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(mountPoint));
        string? type = null;
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            // id parent major:minor root mountpoint options [optional...] - fstype source superoptions
            var fields = line.Split(' ');
            var separator = Array.IndexOf(fields, "-");
            if (fields.Length > 4 && separator > 4 && separator + 1 < fields.Length && Unescape(fields[4]) == full)
            {
                type = fields[separator + 1];   // the last match is the one on top
            }
        }

        return type;
    }

    /// <summary>mountinfo escapes space, tab, newline and backslash as \ooo octal.</summary>
    private static string Unescape(string field)
    {
        if (!field.Contains('\\'))
        {
            return field;
        }

        var result = new System.Text.StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length)
            {
                result.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                result.Append(field[i]);
            }
        }

        return result.ToString();
    }
}
