using System.Globalization;
using System.Text;
using Famfs.Errors;
using Famfs.Format;
using Famfs.Namespace;

namespace Famfs.Cli.Commands;

/// <summary>
/// The reference famfs's shadow tree, as its daemon serves from and its scripts read: under the
/// shadow root, a directory for each logged directory and, for each file, a YAML file at the
/// file's path holding its metadata and extent list, in the reference's layout:
/// <code>
/// ---
/// file:
///   path: dir/f
///   size: 1048576
///   flags: 2
///   mode: 0644
///   uid: 0
///   gid: 0
///   nextents: 1
///   simple_ext_list:
///   - offset: 0x3fc00000
///     length: 0x200000
/// ...
/// </code>
/// (an interleaved file has <c>striped_ext_list</c> of <c>nstrips</c>, <c>chunk_size</c> and
/// the strips' <c>simple_ext_list</c>).
/// </summary>
internal static class ShadowTree
{
    public static void Write(FsTree tree, string root, bool selfTest)
    {
        PrepareRoot(root);
        Guard(root, () =>
        {
            foreach (var node in tree.Nodes())
            {
                var path = Path.Combine(root, node.Path);
                if (node is FsFile file)
                {
                    var yaml = Yaml(file);
                    File.WriteAllText(path, yaml);
                    if (selfTest)
                    {
                        Check(path, file);
                    }
                }
                else
                {
                    Directory.CreateDirectory(path);
                }
            }
        });
    }

    /// <summary>The YAML text of one file, as the reference emits it.</summary>
    public static string Yaml(FsFile file)
    {
        var yaml = new StringBuilder();
        void Line(string text) => yaml.Append(text).Append('\n');
        Line("---");
        Line("file:");
        Line($"  path: {file.Path}");
        Line(Invariant($"  size: {file.Size}"));
        Line(Invariant($"  flags: {file.Flags}"));
        Line($"  mode: 0{Convert.ToString(file.Mode & 0xFFF, 8)}");
        Line(Invariant($"  uid: {file.Uid}"));
        Line(Invariant($"  gid: {file.Gid}"));
        switch (file.Entry.Map)
        {
            case InterleavedFileMap striped:
                Line("  nextents: 1");
                Line("  striped_ext_list:");
                Line(Invariant($"  - nstrips: {striped.StripCount}"));
                Line($"    chunk_size: 0x{striped.ChunkSize:x}");
                Extents(striped.Strips, "    ", Line);
                break;
            case var map:
                Line(Invariant($"  nextents: {map.DeviceExtents.Count}"));
                Extents(map.DeviceExtents, "  ", Line);
                break;
        }

        Line("...");
        return yaml.ToString();
    }

    private static void Extents(IEnumerable<Extent> extents, string indent, Action<string> line)
    {
        line($"{indent}simple_ext_list:");
        foreach (var extent in extents)
        {
            line($"{indent}- offset: 0x{extent.Offset:x}");
            line($"{indent}  length: 0x{extent.Length:x}");
        }
    }

    /// <summary>-s/--shadowtest: the YAML file read back names the file's path, size, owner, mode and every extent.</summary>
    private static void Check(string path, FsFile file)
    {
        var values = File.ReadAllLines(path).Select(l => l.Trim().TrimStart('-', ' ')).Where(l => l.Contains(": ", StringComparison.Ordinal))
            .Select(l => (Key: l[..l.IndexOf(':', StringComparison.Ordinal)], Value: l[(l.IndexOf(':', StringComparison.Ordinal) + 2)..])).ToList();
        string One(string key) => values.Single(v => v.Key == key).Value;
        static ulong Number(string text) => text.StartsWith("0x", StringComparison.Ordinal)
            ? ulong.Parse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : Convert.ToUInt64(text, text.Length > 1 && text[0] == '0' ? 8 : 10);
        var offsets = values.Where(v => v.Key == "offset").Select(v => Number(v.Value));
        var lengths = values.Where(v => v.Key == "length").Select(v => Number(v.Value));
        var good = One("path") == file.Path && Number(One("size")) == file.SizeBytes && Number(One("mode")) == (file.Mode & 0xFFF)
            && Number(One("uid")) == file.Uid && Number(One("gid")) == file.Gid
            && offsets.Zip(lengths).SequenceEqual(file.Entry.Map.DeviceExtents.Select(e => (e.Offset, e.Length)));
        if (!good)
        {
            throw new FamfsException(Errno.EIO, $"shadow file {path} read back does not match log entry {file.LogIndex}", "check the file system holding the shadow tree");
        }
    }

    /// <summary>The shadow root is an existing directory, or is made in an existing one (as the reference does).</summary>
    private static void PrepareRoot(string root)
    {
        if (File.Exists(root))
        {
            throw new FamfsException(Errno.ENOTDIR, $"shadow root {root} is a file, not a directory", "give a directory (it is made if its parent exists)");
        }

        var parent = Path.GetDirectoryName(Path.GetFullPath(Path.TrimEndingDirectorySeparator(root)));
        if (!Directory.Exists(root) && parent is not null && !Directory.Exists(parent))
        {
            throw new FamfsException(Errno.ENOENT, $"the parent of shadow root {root} does not exist", "create it first, or give an existing directory");
        }

        Guard(root, () => Directory.CreateDirectory(root));
    }

    private static void Guard(string root, Action action)
    {
        try
        {
            action();
        }
        catch (UnauthorizedAccessException e)
        {
            throw new FamfsException(Errno.EACCES, $"no permission to write the shadow tree in {root}", "give a directory you may write, or run as root", e);
        }
        catch (IOException e)
        {
            throw new FamfsException(Errno.EIO, $"cannot write the shadow tree in {root}: {e.Message}", inner: e);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
