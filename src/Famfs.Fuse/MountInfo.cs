namespace Famfs.Fuse;

/// <summary>
/// What is mounted where, from /proc/self/mountinfo: reading the kernel's table never sends a
/// request to a FUSE daemon, so it cannot hang on a dead one (a stat of the mount point could).
/// </summary>
internal static class MountInfo
{
    /// <summary>The file-system type mounted at <paramref name="mountPoint"/> (e.g. "fuse.hello"), or null; the top one if mounts are stacked.</summary>
    public static string? TypeAt(string mountPoint)
    {
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(mountPoint));
        string? type = null;
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            // ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPER-OPTIONS
            var fields = line.Split(' ');
            var separator = Array.IndexOf(fields, "-", 6);
            if (separator > 0 && separator + 1 < fields.Length && Unescape(fields[4]) == target)
            {
                type = fields[separator + 1];
            }
        }

        return type;
    }

    public static bool IsMounted(string mountPoint) => TypeAt(mountPoint) is not null;

    /// <summary>mountinfo writes space, tab, newline and backslash in paths as \ooo octal escapes (all ASCII).</summary>
    private static string Unescape(string field)
    {
        var text = new System.Text.StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && IsOctal(field.AsSpan(i + 1)))
            {
                text.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }

        return text.ToString();
    }

    private static bool IsOctal(ReadOnlySpan<char> digits) => digits.Length >= 3 && digits[..3].IndexOfAnyExceptInRange('0', '7') < 0;
}
