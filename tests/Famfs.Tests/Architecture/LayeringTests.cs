using Famfs.Errors;

namespace Famfs.Tests.Architecture;

/// <summary>
/// The engine's namespaces form one-way layers (docs/ARCHITECTURE.md): a namespace may use the
/// tiers below its own, never its own tier's neighbours or anything above.
/// </summary>
public class LayeringTests
{
    /// <summary>Bottom first; the order docs/ARCHITECTURE.md draws. Namespaces of one tier are independent.</summary>
    public static readonly string[][] Tiers =
    [
        ["Famfs.Errors"],
        ["Famfs.Interop"],
        ["Famfs.Diagnostics"],
        ["Famfs.Devices"],
        ["Famfs.Lifecycle"],
        ["Famfs.Format"],
        ["Famfs.Log", "Famfs.Identity", "Famfs.Mounts"],
        ["Famfs.Namespace"],
        ["Famfs.Allocation"],
        ["Famfs.Shared"],
        ["Famfs.Files", "Famfs.Admin"],
        ["Famfs.Hosting"],
    ];

    public static TheoryData<string> LayerNames() => [.. Tiers.SelectMany(t => t)];

    [Theory]
    [MemberData(nameof(LayerNames))]
    public void A_layer_references_no_layer_above_or_beside_it(string layer)
    {
        var tier = Array.FindIndex(Tiers, t => t.Contains(layer));
        var forbidden = Tiers.Skip(tier + 1).SelectMany(t => t).Concat(Tiers[tier].Where(l => l != layer)).ToArray();

        var violations = AssemblyReferences.Of(typeof(FamfsException).Assembly.Location)
            .Where(r => LayerOf(r.From) == layer && forbidden.Contains(LayerOf(r.To)))
            .Select(r => $"{r.From} -> {r.To}")
            .Distinct()
            .ToList();

        Assert.True(violations.Count == 0, $"{layer} references a layer above or beside it:\n{string.Join("\n", violations)}");
    }

    [Fact]
    public void Format_is_pure_codecs_that_do_no_io()
    {
        // Bytes in, records out: the format layer names no engine namespace but Errors, and no
        // file, stream or handle type (System.IO.Hashing, a sibling namespace, is computation).
        var allowedEngine = new[] { "Famfs.Errors.", "Famfs.Format." };
        var violations = AssemblyReferences.Of(typeof(FamfsException).Assembly.Location)
            .Where(r => r.From.StartsWith("Famfs.Format.", StringComparison.Ordinal))
            .Where(r => (r.To.StartsWith("Famfs.", StringComparison.Ordinal) && !allowedEngine.Any(a => r.To.StartsWith(a, StringComparison.Ordinal)))
                || r.To.StartsWith("System.IO.", StringComparison.Ordinal) && !r.To.StartsWith("System.IO.Hashing.", StringComparison.Ordinal)
                || r.To.StartsWith("Microsoft.Win32.SafeHandles.", StringComparison.Ordinal))
            .Select(r => $"{r.From} -> {r.To}")
            .Distinct()
            .ToList();

        Assert.True(violations.Count == 0, $"Format reaches beyond pure codecs:\n{string.Join("\n", violations)}");
    }

    [Fact]
    public void The_engine_writes_to_no_console()
    {
        // A library must not print: hosts (the CLI, the daemon) decide where messages go.
        var users = AssemblyReferences.Of(typeof(FamfsException).Assembly.Location)
            .Where(r => r.To == "System.Console")
            .Select(r => r.From)
            .Distinct()
            .ToList();

        Assert.Empty(users);
    }

    [Fact]
    public void Every_engine_namespace_is_in_a_layer()
    {
        var unplaced = typeof(FamfsException).Assembly.GetTypes()
            .Select(t => t.Namespace)
            .Where(ns => ns is not null && ns.StartsWith("Famfs.", StringComparison.Ordinal) && LayerOf(ns + ".X") is null)
            .Distinct()
            .ToList();

        Assert.Empty(unplaced);
    }

    [Fact]
    public void The_reference_walk_sees_a_method_body_reference()
    {
        // The walk must see through signatures into IL, or the layer tests above prove nothing.
        var references = AssemblyReferences.Of(typeof(LayeringTests).Assembly.Location);

        Assert.Contains(references, r => r.From == typeof(LayeringTests).FullName && r.To == typeof(FamfsException).FullName);
    }

    /// <summary>The layer a type (full name) lives in, or null for the root namespace and other assemblies.</summary>
    private static string? LayerOf(string typeName) =>
        Tiers.SelectMany(t => t).FirstOrDefault(l => typeName.StartsWith(l + ".", StringComparison.Ordinal));
}
