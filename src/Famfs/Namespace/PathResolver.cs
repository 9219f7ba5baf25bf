using System.Diagnostics.CodeAnalysis;

namespace Famfs.Namespace;

/// <summary>
/// Resolves a logged relative path inside the tree. Paths are stored verbatim (the reference
/// does not normalise "a/../b"), so "." and ".." are followed component by component, as a
/// kernel lookup would, and a path that would leave the root is refused — never followed.
/// Components are looked up as spans: resolving allocates nothing but a new entry's name when
/// it is not the whole path (creating files and looking them up are per-call hot paths).
/// </summary>
internal static class PathResolver
{
    /// <summary>
    /// The root name a mount keeps for its metadata files (.meta/.superblock, .meta/.log), as the
    /// reference does: nothing may be created under it, and log play skips what a log holds there.
    /// </summary>
    public const string MetaDirectoryName = ".meta";

    /// <summary>Whether <paramref name="path"/> (a logged path, "." and ".." followed) is <see cref="MetaDirectoryName"/> at the root or inside it.</summary>
    public static bool IsUnderMeta(string path)
    {
        var depth = 0;
        var rest = path.AsSpan();
        foreach (var range in rest.Split('/'))
        {
            var component = rest[range];
            switch (component)
            {
                case "" or ".":
                    continue;
                case "..":
                    depth = Math.Max(0, depth - 1);
                    continue;
                case MetaDirectoryName when depth == 0:
                    return true;
                default:
                    depth++;
                    continue;
            }
        }

        return false;
    }

    /// <summary>
    /// Finds the directory that would hold <paramref name="path"/> and the new entry's name in
    /// <paramref name="target"/>; false, with what is wrong in <paramref name="problem"/>, when the path is unusable.
    /// </summary>
    public static bool TryResolveForCreate(FsDirectory root, string path, out (FsDirectory Parent, string Name) target,
        [NotNullWhen(false)] out string? problem)
    {
        target = default;
        problem = Check(path);
        if (problem is not null)
        {
            return false;
        }

        var trimmed = path.AsSpan().TrimEnd('/');
        var lastSlash = trimmed.LastIndexOf('/');
        var directory = root;
        if (lastSlash >= 0)
        {
            var parentPath = trimmed[..lastSlash];
            foreach (var range in parentPath.Split('/'))
            {
                var component = parentPath[range];
                if (component.IsEmpty)
                {
                    continue;
                }

                if (!TryStep(directory, component, out var next, out problem))
                {
                    return false;
                }

                directory = next;
            }
        }

        var name = trimmed[(lastSlash + 1)..];
        if (name is "." or "..")
        {
            problem = $"path '{path}' ends in '{name}' and names no new entry";
            return false;
        }

        target = (directory, name.Length == path.Length ? path : name.ToString());
        return true;
    }

    /// <summary>Finds an existing node by path (for lookups by users and tools).</summary>
    public static FsNode? Find(FsDirectory root, string path)
    {
        FsNode node = root;
        var rest = path.AsSpan();
        foreach (var range in rest.Split('/'))
        {
            var component = rest[range];
            if (component.IsEmpty)
            {
                continue;
            }

            if (node is not FsDirectory directory)
            {
                return null;
            }

            node = component switch
            {
                "." => directory,
                ".." => directory.Parent ?? directory,
                _ => directory.Find(component)!,
            };
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>Rules that need no tree: empty or absolute paths.</summary>
    public static string? Check(string path)
    {
        if (path.AsSpan().Trim('/').IsEmpty)
        {
            return "path is empty";
        }

        return path[0] == '/' ? $"path '{path}' is absolute; famfs paths are relative to the file-system root" : null;
    }

    private static bool TryStep(FsDirectory directory, ReadOnlySpan<char> component, [NotNullWhen(true)] out FsDirectory? next,
        [NotNullWhen(false)] out string? problem)
    {
        problem = null;
        next = component switch
        {
            "." => directory,
            ".." => directory.Parent,
            _ => directory.Find(component) as FsDirectory,
        };
        if (next is not null)
        {
            return true;
        }

        problem = component is ".."
            ? "path escapes the file-system root through '..'"
            : directory.Find(component) is null
                ? $"parent directory '{directory.ChildPath(component.ToString())}' does not exist"
                : $"'{directory.ChildPath(component.ToString())}' is a file, not a directory";
        return false;
    }
}
