using Famfs.Devices;
using Famfs.Format;
using Famfs.Lifecycle;
using Famfs.Namespace;

namespace Famfs.Shared;

/// <summary>
/// The shared host area of an open file system: the registry, the write generations and the
/// poison list, each an ordinary famfs file under <c>.famfs/</c> whose single extent is mapped
/// as a tracked raw view (docs/SHARED-STATE.md). Found by <see cref="Probe"/>; made by the
/// master (FamfsFileSystem.CreateSharedArea) and then <see cref="Initialize"/>d.
/// </summary>
internal sealed class SharedArea : IDisposable
{
    private SharedArea(SharedAreaFile hosts, SharedAreaFile generations, SharedAreaFile poison, Guid masterUuid)
    {
        Hosts = new HostRegistry(hosts, masterUuid);
        Generations = new WriteGenerations(generations, Hosts);
        Poison = new SharedPoisonList(poison, Hosts, masterUuid);
    }

    public HostRegistry Hosts { get; }

    public WriteGenerations Generations { get; }

    public SharedPoisonList Poison { get; }

    /// <summary>The three files in the order they are created: kind and path.</summary>
    public static IReadOnlyList<(SharedAreaKind Kind, string Path)> Files { get; } =
    [
        (SharedAreaKind.Hosts, SharedAreaLayout.HostsPath),
        (SharedAreaKind.Generations, SharedAreaLayout.GenerationsPath),
        (SharedAreaKind.Poison, SharedAreaLayout.PoisonPath),
    ];

    /// <summary>
    /// Looks for the area in <paramref name="tree"/>: (null, null) when <c>.famfs</c> does not
    /// exist; (null, why) when something there does not have the area's shape (it is then never
    /// written); the area, mapped, when all three files are sound.
    /// </summary>
    public static (SharedArea? Area, string? Invalid) Probe(MemoryDevice device, FsTree tree, Superblock superblock, ulong logCapacity, bool flushCaches)
    {
        if (tree.Find(SharedAreaLayout.Directory) is null)
        {
            return (null, null);
        }

        var files = new List<SharedAreaFile>();
        try
        {
            foreach (var (kind, path) in Files)
            {
                var (extent, problem) = Check(tree.Find(path), kind, superblock, logCapacity);
                if (problem is not null)
                {
                    return (null, $"{path}: {problem}");
                }

                var file = new SharedAreaFile(device.Map(extent.Offset, extent.Length, device.Writable, $"famfs shared area {path}"), flushCaches);
                files.Add(file);
                if (SharedAreaCodec.ValidateHeader(file.ReadFresh(0, SharedAreaLayout.HeaderSize), ExpectedHeader(kind, superblock, logCapacity)) is { } bad)
                {
                    DisposeAll(files);
                    return (null, $"{path}: {bad}");
                }
            }

            return (new SharedArea(files[0], files[1], files[2], superblock.SystemUuid), null);
        }
        catch
        {
            DisposeAll(files);
            throw;
        }
    }

    /// <summary>
    /// Writes a fresh area into the three newly created files: zeroes every byte (their space may
    /// hold an earlier file's data), writes it back, and then the headers, so a header is only
    /// ever seen over zeroed records.
    /// </summary>
    public static void Initialize(MemoryDevice device, FsTree tree, Superblock superblock, ulong logCapacity, bool flushCaches)
    {
        foreach (var (kind, path) in Files)
        {
            var (extent, problem) = Check(tree.Find(path), kind, superblock, logCapacity);
            if (problem is not null)
            {
                throw new InvalidOperationException($"{path} was just created, yet {problem}");
            }

            using var file = new SharedAreaFile(device.Map(extent.Offset, extent.Length, writable: true, $"famfs shared area {path} (initialising)"), flushCaches);
            for (ulong offset = 0; offset < file.Length; offset += int.MaxValue / 2)
            {
                var length = (int)Math.Min(int.MaxValue / 2, file.Length - offset);
                file.Write(offset, length).Clear();
                file.WriteBack(offset, length);
            }

            SharedAreaCodec.EncodeHeader(ExpectedHeader(kind, superblock, logCapacity), file.Write(0, SharedAreaLayout.HeaderSize));
            file.WriteBack(0, SharedAreaLayout.HeaderSize);
            file.Mapping.Sync(0, file.Length);
        }
    }

    public static SharedAreaHeader ExpectedHeader(SharedAreaKind kind, Superblock superblock, ulong logCapacity)
    {
        var (size, count) = SharedAreaLayout.Records(kind, logCapacity);
        return new SharedAreaHeader(kind, size, count, superblock.FsUuid);
    }

    public void Dispose()
    {
        Hosts.File.Dispose();
        Generations.File.Dispose();
        Poison.File.Dispose();
    }

    /// <summary>The single extent of a sound area file, or why the node is not one.</summary>
    private static (Extent Extent, string? Problem) Check(FsNode? node, SharedAreaKind kind, Superblock superblock, ulong logCapacity)
    {
        var size = SharedAreaLayout.FileSize(kind, logCapacity, superblock.UnitBytes);
        return node switch
        {
            not FsFile => (default, node is null ? "missing" : "not a file"),
            FsFile file when file.SizeBytes != size => (default, $"is {file.Size} bytes, not {size}"),
            FsFile { Map: SimpleFileMap { Extents: [var extent] } } when extent.Length >= size => (extent, null),
            _ => (default, "is not one extent"),
        };
    }

    private static void DisposeAll(List<SharedAreaFile> files) => files.ForEach(file => file.Dispose());
}
