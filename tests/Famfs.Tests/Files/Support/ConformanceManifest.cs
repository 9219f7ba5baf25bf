using System.Text.Json;
using Famfs.Format;

namespace Famfs.Tests.Files.Support;

/// <summary>Reads the reference golden manifests of TestData/conformance (read-only use of the shared test data).</summary>
internal static class ConformanceManifest
{
    public static JsonElement Load(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "conformance", $"{name}.manifest.json");
        Assert.True(File.Exists(path), $"golden manifest {path} is missing from the test output");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement;
    }

    /// <summary>The file map of a FILE entry of a manifest.</summary>
    public static FileMap FileMap(JsonElement entry)
    {
        var fmap = entry.GetProperty("fmap");
        static Extent Read(JsonElement e) => new(e.GetProperty("devindex").GetUInt64(), e.GetProperty("offset").GetUInt64(), e.GetProperty("len").GetUInt64());
        if (fmap.GetProperty("ext_type_name").GetString() == "SIMPLE")
        {
            return new SimpleFileMap([.. fmap.GetProperty("extents").EnumerateArray().Select(Read)]);
        }

        var ie = fmap.GetProperty("ie")[0];
        return new InterleavedFileMap(ie.GetProperty("ie_nstrips").GetUInt64(), ie.GetProperty("ie_chunk_size").GetUInt64(),
            [.. ie.GetProperty("strips").EnumerateArray().Select(Read)]);
    }
}
