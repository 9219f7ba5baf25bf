using System.Collections.Concurrent;
using Famfs.Devices;
using Famfs.Log;
using Famfs.TestSupport;

namespace Famfs.Tests.Conformance;

/// <summary>
/// Every positive conformance image, gunzipped into /dev/shm on first use and opened read-only
/// with our reader; all files are removed when the collection finishes.
/// </summary>
public sealed class ConformanceFixture : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<OpenImage>> _images = new(StringComparer.Ordinal);

    internal OpenImage this[string name] =>
        _images.GetOrAdd(name, n => new Lazy<OpenImage>(() => OpenImage.Load(n))).Value;

    public void Dispose()
    {
        foreach (var image in _images.Values.Where(l => l.IsValueCreated))
        {
            image.Value.Dispose();
        }
    }
}

/// <summary>One materialized image: its manifest, the /dev/shm file, the opened device and metadata.</summary>
internal sealed class OpenImage : IDisposable
{
    private OpenImage(Manifest manifest, TempDevice file, MemoryDevice device, FamfsMetadata metadata, byte[] metadataBytes)
    {
        Manifest = manifest;
        File = file;
        Device = device;
        Metadata = metadata;
        MetadataBytes = metadataBytes;
    }

    public Manifest Manifest { get; }

    public TempDevice File { get; }

    public MemoryDevice Device { get; }

    public FamfsMetadata Metadata { get; }

    /// <summary>The image's metadata region exactly as the reference wrote it.</summary>
    public byte[] MetadataBytes { get; }

    public static OpenImage Load(string name)
    {
        var file = ConformanceImages.Materialize(name);
        try
        {
            var device = file.Open();
            return new OpenImage(ConformanceImages.LoadManifest(name), file, device, FamfsMetadata.Open(device, writable: false),
                ConformanceImages.MetadataBytes(name));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Metadata.Dispose();
        Device.Dispose();
        File.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ConformanceCollection : ICollectionFixture<ConformanceFixture>
{
    public const string Name = "conformance images";
}
