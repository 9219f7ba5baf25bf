using System.IO.Compression;
using System.Text.Json;

namespace Famfs.TestSupport;

/// <summary>
/// The reference famfs images in TestData/conformance (copied to the test output directory):
/// NAME.meta.bin.gz holds the first 2 MiB + log_len bytes of a device of manifest "device_size";
/// negative/ holds defective copies of 'nested' (4 GiB devices).
/// </summary>
internal static class ConformanceImages
{
    public const ulong NegativeDeviceSize = 4UL << 30;

    public static string Root => Path.Combine(AppContext.BaseDirectory, "TestData", "conformance");

    public static string NegativeRoot => Path.Combine(Root, "negative");

    /// <summary>The names of the positive images (one per manifest). Throws — failing the test — if none are there.</summary>
    public static IReadOnlyList<string> PositiveNames() => Names(Root, ".manifest.json");

    public static IReadOnlyList<string> NegativeNames() => Names(NegativeRoot, ".meta.bin.gz");

    public static Manifest LoadManifest(string name) =>
        new(JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Root, name + ".manifest.json"))).RootElement.Clone());

    /// <summary>Gunzips image <paramref name="name"/> into a /dev/shm file and extends it to its device size.</summary>
    public static TempDevice Materialize(string name) =>
        Gunzip(Path.Combine(Root, name + ".meta.bin.gz"), "conf-" + name, LoadManifest(name).DeviceSize);

    public static TempDevice MaterializeNegative(string name) =>
        Gunzip(Path.Combine(NegativeRoot, name + ".meta.bin.gz"), "neg-" + name, NegativeDeviceSize);

    /// <summary>The uncompressed metadata bytes of image <paramref name="name"/>.</summary>
    public static byte[] MetadataBytes(string name)
    {
        using var gz = new GZipStream(File.OpenRead(Path.Combine(Root, name + ".meta.bin.gz")), CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gz.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static TempDevice Gunzip(string gzPath, string tag, ulong deviceSize)
    {
        using var gz = new GZipStream(File.OpenRead(gzPath), CompressionMode.Decompress);
        return TempDevice.FromStream(tag, gz, deviceSize);
    }

    private static IReadOnlyList<string> Names(string directory, string suffix)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"conformance test data is missing: {directory} does not exist (TestData is not copied to the output?)");
        }

        var names = System.IO.Directory.GetFiles(directory, "*" + suffix)
            .Select(p => Path.GetFileName(p)[..^suffix.Length])
            .Order(StringComparer.Ordinal)
            .ToList();
        return names.Count > 0 ? names : throw new FileNotFoundException($"no *{suffix} files in {directory}");
    }
}
