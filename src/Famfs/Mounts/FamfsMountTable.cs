namespace Famfs.Mounts;

/// <summary>
/// famfs FUSE mounts of this host, from /proc/self/mountinfo (reading the kernel's table never
/// sends a request to a daemon, so it cannot hang on a dead one), and the live daemons'
/// records, so the CLI can turn a path inside a mount into (device, path in the file system).
/// </summary>
public static class FamfsMountTable
{
    public const string FuseType = "fuse.famfs";

    /// <summary>The live mount whose mount point contains <paramref name="path"/> (the deepest), or null.</summary>
    public static MountRecord? Containing(string path)
    {
        var full = Path.GetFullPath(path);
        return HostClaim.LiveRecords()
            .Where(r => full == r.MountPoint || full.StartsWith(r.MountPoint.TrimEnd('/') + "/", StringComparison.Ordinal))
            .MaxBy(r => r.MountPoint.Length);
    }

    /// <summary>The live mount at exactly <paramref name="mountPoint"/>, or null.</summary>
    public static MountRecord? At(string mountPoint)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(mountPoint));
        return HostClaim.LiveRecords().FirstOrDefault(r => r.MountPoint == full);
    }

    /// <summary>The file-system type mounted at <paramref name="mountPoint"/> (e.g. "fuse.famfs"), or null.</summary>
    public static string? MountedType(string mountPoint)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(mountPoint));
        string? type = null;
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            // id parent major:minor root mountpoint options [optional...] - fstype source superoptions
            var fields = line.Split(' ');
            var separator = Array.IndexOf(fields, "-");
            if (separator > 4 && separator + 1 < fields.Length && Unescape(fields[4]) == full)
            {
                type = fields[separator + 1]; // the last match is the one on top
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
