namespace Famfs.Interop;

/// <summary>
/// A reserved, inaccessible stretch of address space in which the mappings of one device
/// chunk are placed file-linearly: device offset <see cref="DeviceStart"/> + x goes to
/// <see cref="Base"/> + x (see <see cref="MappingWindows"/> for why). It tracks which pages
/// hold a mapping; every other page is the PROT_NONE reservation. Guarded by the caller's lock.
/// </summary>
internal sealed class MappingWindow
{
    private readonly ulong[] _occupied;

    public MappingWindow(SafeFileDescriptor device, long chunk, nint @base, ulong length, long deviceStart, ulong pageSize)
    {
        Device = device;
        Chunk = chunk;
        Base = @base;
        Length = length;
        DeviceStart = deviceStart;
        Pages = (int)(length / pageSize);
        _occupied = new ulong[(Pages + 63) / 64];
    }

    public SafeFileDescriptor Device { get; }

    /// <summary>Which <see cref="MappingWindows.ChunkSpan"/> of the device the window serves.</summary>
    public long Chunk { get; }

    public nint Base { get; }

    /// <summary>Bytes of address space reserved, unmapped as a whole once no mapping is left.</summary>
    public ulong Length { get; }

    /// <summary>The device offset that <see cref="Base"/> stands for.</summary>
    public long DeviceStart { get; }

    public int Pages { get; }

    /// <summary>Mappings placed here and not yet released.</summary>
    public int Mappings { get; private set; }

    /// <summary>Takes pages [first, first + count) for one mapping if they lie inside the window and are all free.</summary>
    public bool TryOccupy(int first, int count)
    {
        if (first < 0 || first + count > Pages)
        {
            return false;
        }

        for (var page = first; page < first + count; page++)
        {
            if ((_occupied[page >> 6] & (1UL << page)) != 0)
            {
                return false;
            }
        }

        for (var page = first; page < first + count; page++)
        {
            _occupied[page >> 6] |= 1UL << page;
        }

        Mappings++;
        return true;
    }

    /// <summary>Gives back the pages of one mapping; they must already be the reservation again.</summary>
    public void Vacate(int first, int count)
    {
        for (var page = first; page < first + count; page++)
        {
            _occupied[page >> 6] &= ~(1UL << page);
        }

        Mappings--;
    }
}
