using Famfs.Devices;
using Famfs.Lifecycle;
using Famfs.Namespace;

namespace Famfs.Files;

/// <summary>
/// The address space of every file of one <see cref="FamfsFileSystem"/> that has been opened:
/// made on first use, destroyed with the file system. Space names are the file path qualified
/// by the file system and the instance (two instances over one device are two sets of users,
/// each revocable alone), so they never collide with the path tokens of <see cref="PathTokens"/>.
/// </summary>
internal sealed class FileSpaces(MemoryDevice device, string qualifier, TokenEventRegistry events) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, AddressSpace> _spaces = [];
    private bool _disposed;

    public AddressSpace For(FsFile file)
    {
        // Created under the lock: a second Create of the same name would be refused (EEXIST).
        // The Created event it publishes runs token handlers here; they must not wait on this file system.
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_spaces.TryGetValue(file.Path, out var space))
            {
                var extents = file.Map.DeviceExtents
                    .Where(extent => extent.Length > 0)
                    .Select(extent => new DeviceExtent(device.Identity, new DeviceRange(extent.Offset, extent.Length)));
                space = AddressSpace.Create($"{file.Path} {qualifier}", extents, events);
                _spaces.Add(file.Path, space);
            }

            return space;
        }
    }

    /// <summary>Destroys every space (revoking what is still mapped); all are destroyed even if one's subscribers throw.</summary>
    public void Dispose()
    {
        AddressSpace[] spaces;
        lock (_lock)
        {
            _disposed = true;
            spaces = [.. _spaces.Values];
            _spaces.Clear();
        }

        var failures = new List<Exception>();
        foreach (var space in spaces)
        {
            try
            {
                space.Dispose();
            }
            catch (AggregateException e)
            {
                failures.Add(e);
            }
        }

        if (failures.Count > 0)
        {
            throw new AggregateException("subscribers threw while the file system's address spaces were destroyed", failures);
        }
    }
}
