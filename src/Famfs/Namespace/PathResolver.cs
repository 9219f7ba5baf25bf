namespace Famfs.Namespace;

/// <summary>
/// Resolves a logged relative path inside the tree. Paths are stored verbatim (the reference
/// does not normalise "a/../b"), so "." and ".." are followed component by component, as a
/// kernel lookup would, and a path that would leave the root is refused — never followed.
/// </summary>
public static class PathResolver
{
    /// <summary>
    /// Finds the directory that would hold <paramref name="path"/> and the new entry's name.
    /// Returns null and sets <paramref name="problem"/> when the path is unusable.
    /// </summary>
    public static (FsDirectory Parent, string Name)? ResolveForCreate(FsDirectory root, string path, out string? problem)
    {
        problem = Check(path);
        if (problem is not null)
        {
            return null;
        }

        var components = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var directory = root;
        for (var i = 0; i < components.Length - 1; i++)
        {
            var step = Step(directory, components[i], out problem);
            if (step is null)
            {
                return null;
            }

            directory = step;
        }

        var name = components[^1];
        if (name is "." or "..")
        {
            problem = $"path '{path}' ends in '{name}' and names no new entry";
            return null;
        }

        return (directory, name);
    }

    /// <summary>Finds an existing node by path (for lookups by users and tools).</summary>
    public static FsNode? Find(FsDirectory root, string path)
    {
        FsNode node = root;
        foreach (var component in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
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

    private static FsDirectory? Step(FsDirectory directory, string component, out string? problem)
    {
        problem = null;
        switch (component)
        {
            case ".":
                return directory;
            case "..":
                if (directory.Parent is null)
                {
                    problem = "path escapes the file-system root through '..'";
                }

                return directory.Parent;
        }

        switch (directory.Find(component))
        {
            case FsDirectory child:
                return child;
            case null:
                problem = $"parent directory '{directory.ChildPath(component)}' does not exist";
                return null;
            default:
                problem = $"'{directory.ChildPath(component)}' is a file, not a directory";
                return null;
        }
    }
}
