namespace Famfs.Fuse.Tests;

/// <summary>
/// Compiles Native/layout_probe.c against the installed libfuse3-dev headers with gcc and
/// checks that every size, offset and bitfield mask it prints equals our C# declaration.
/// Without gcc, pkg-config or the headers this fails and says which one is missing.
/// </summary>
public sealed class NativeLayoutTests
{
    [Fact]
    public void The_CSharp_structs_match_the_C_compilers_layout()
    {
        var probeSource = Path.Combine(AppContext.BaseDirectory, "Native", "layout_probe.c");
        using var work = new TempDirectory("famfs-layout");
        var cflags = Shell.RunChecked("pkg-config", ["--cflags", "fuse3"],
            "pkg-config cannot find fuse3: install libfuse3-dev and pkg-config (scripts/setup.sh)").StdOut.Trim();
        var binary = Path.Combine(work.Path, "layout_probe");
        Shell.RunChecked("gcc", [.. cflags.Split(' ', StringSplitOptions.RemoveEmptyEntries), "-Wall", "-Werror", probeSource, "-o", binary],
            "cannot compile the layout probe: install gcc and libfuse3-dev (scripts/setup.sh)");

        var fromC = Shell.RunChecked(binary, [], "the layout probe failed").StdOut
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .ToDictionary(parts => string.Join(' ', parts[..^1]), parts => long.Parse(parts[^1], System.Globalization.CultureInfo.InvariantCulture));
        var fromCSharp = NativeLayout.Describe();

        Assert.Equal(fromC.Keys.Order(), fromCSharp.Keys.Order());
        var mismatches = fromC.Where(kv => fromCSharp[kv.Key] != kv.Value)
            .Select(kv => $"{kv.Key}: C {kv.Value}, C# {fromCSharp[kv.Key]}").ToList();
        Assert.True(mismatches.Count == 0, "layout differs from C:\n" + string.Join('\n', mismatches));
    }
}
