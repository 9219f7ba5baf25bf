using System.Text.RegularExpressions;

namespace Famfs.Tests.Architecture;

/// <summary>
/// Pointer code is confined to the layers that own native memory: Interop, Devices and the
/// mapping layer (Lifecycle/Mappings). Everything above works on spans and safe methods, so a
/// stray pointer cannot outlive a mapping's read section unnoticed in review.
/// </summary>
public sealed partial class UnsafeCodeTests
{
    private static readonly string[] Allowed = ["Interop/", "Devices/", "Lifecycle/Mappings/"];

    [Fact]
    public void Unsafe_code_in_the_engine_is_confined_to_interop_devices_and_mappings()
    {
        var engine = Path.Combine(RepositoryRoot.Path, "src", "Famfs");
        var offenders = Directory.EnumerateFiles(engine, "*.cs", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(engine, file).Replace('\\', '/'))
            .Where(file => !file.StartsWith("obj/", StringComparison.Ordinal) && !file.StartsWith("bin/", StringComparison.Ordinal))
            .Where(file => !Allowed.Any(allowed => file.StartsWith(allowed, StringComparison.Ordinal)))
            .Where(file => UnsafeKeyword().IsMatch(File.ReadAllText(Path.Combine(engine, file))))
            .ToList();

        Assert.True(offenders.Count == 0, $"unsafe code outside {string.Join(", ", Allowed)}:\n{string.Join("\n", offenders)}");
    }

    // The keyword as code writes it (a modifier or a block), not the word in a comment's prose.
    [GeneratedRegex(@"^(?!\s*//)[^""\n]*\bunsafe\s+(?:[a-z{]|\n)", RegexOptions.Multiline)]
    private static partial Regex UnsafeKeyword();
}
