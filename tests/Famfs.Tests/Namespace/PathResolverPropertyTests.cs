using CsCheck;
using Famfs.Namespace;
using Famfs.Tests.TestSupport;

namespace Famfs.Tests.Namespace;

/// <summary>
/// The path rules over generated paths of ".", "..", empty and real components (CsCheck shrinks
/// a failure): TryResolveForCreate agrees with a component-by-component model of them — empty and
/// absolute paths, a ".." above the root, a missing or file parent and a last component of "."
/// or ".." are refused; every other path names a directory of the tree and a plain new name.
/// </summary>
public sealed class PathResolverPropertyTests
{
    private static readonly HashSet<string> Directories = ["", "a", "a/b"];

    private static readonly string[] Components = ["a", "b", "f", "x", ".", "..", ""];

    private static readonly FsTree Tree = Records.Play(Records.Dir("a"), Records.Dir("a/b"), Records.File("a/f")).Tree;

    private static readonly Gen<string> Paths = Gen.Select(
        Gen.Bool, Gen.Int[0, Components.Length - 1].Select(i => Components[i]).Array[1, 7], Gen.Bool,
        (absolute, components, trailingSlash) => (absolute ? "/" : "") + string.Join('/', components) + (trailingSlash ? "/" : ""));

    [Fact]
    public void Resolving_for_create_follows_the_model_of_the_path_rules()
    {
        Paths.Sample(path =>
        {
            var resolved = Resolve(path, out var problem);
            var expected = Model(path);
            Assert.True((resolved is null) == (problem is not null), $"'{path}': a result and a problem, or neither");
            Assert.Equal(expected, Outcome(resolved));
        });
    }

    /// <summary>"./" in front, or a doubled slash, never changes what a path resolves to.</summary>
    [Fact]
    public void Dot_slash_and_doubled_slashes_do_not_change_the_outcome()
    {
        Gen.Select(Paths, Gen.Int[0, 1]).Sample((path, how) =>
        {
            if (path.StartsWith('/') || path.Trim('/').Length == 0)
            {
                return;
            }

            var variant = how == 0 ? "./" + path : path.Replace("/", "//", StringComparison.Ordinal);
            var original = Resolve(path, out _);
            var changed = Resolve(variant, out _);
            Assert.Equal(Outcome(original), Outcome(changed));
        });
    }

    private static (FsDirectory Parent, string Name)? Resolve(string path, out string? problem) =>
        PathResolver.TryResolveForCreate(Tree.Root, path, out var target, out problem) ? target : null;

    private static (string Parent, string Name)? Outcome((FsDirectory Parent, string Name)? resolved) =>
        resolved is { } r ? (r.Parent.Path, r.Name) : null;

    /// <summary>The rules, one component at a time: the directory the path's parent part reaches, and the new name.</summary>
    private static (string Parent, string Name)? Model(string path)
    {
        var trimmed = path.TrimEnd('/');
        if (trimmed.Trim('/').Length == 0 || path.StartsWith('/'))
        {
            return null;
        }

        var lastSlash = trimmed.LastIndexOf('/');
        var name = trimmed[(lastSlash + 1)..];
        var directory = "";
        foreach (var component in lastSlash < 0 ? [] : trimmed[..lastSlash].Split('/'))
        {
            switch (component)
            {
                case "" or ".":
                    continue;
                case "..":
                    if (directory.Length == 0)
                    {
                        return null;
                    }

                    directory = directory.Contains('/', StringComparison.Ordinal) ? directory[..directory.LastIndexOf('/')] : "";
                    continue;
                default:
                    var child = directory.Length == 0 ? component : $"{directory}/{component}";
                    if (!Directories.Contains(child))
                    {
                        return null;
                    }

                    directory = child;
                    continue;
            }
        }

        return name is "." or ".." ? null : (directory, name);
    }
}
