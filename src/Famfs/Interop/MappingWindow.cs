namespace Famfs.Interop;

/// <summary>
/// A reserved, inaccessible stretch of address space in which the mappings of one device
/// chunk are placed file-linearly: device offset <see cref="DeviceStart"/> + x goes to
/// <see cref="Base"/> + x (see <see cref="MappingWindows"/> for why). Each page serves one
/// mapping in the window's life: a released mapping's pages turn back into the PROT_NONE
/// reservation and are never mapped again here, so a stale pointer into them faults for as long
/// as the window exists. Guarded by the caller's lock.
/// </summary>
internal sealed class MappingWindow
{
    private readonly ulong[] _used;

    public MappingWindow(SafeFileDescriptor device, long chunk, nint @base, ulong length, long deviceStart, ulong pageSize)
    {
        Device = device;
        Chunk = chunk;
        Base = @base;
        Length = length;
        DeviceStart = deviceStart;
        Pages = (int)(length / pageSize);
        _used = new ulong[(Pages + 63) / 64];
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

    /// <summary>Takes pages [first, first + count) for one mapping if they lie inside the window and were never used.</summary>
    public bool TryOccupy(int first, int count)
    {
        if (first < 0 || first + count > Pages)
        {
            return false;
        }

        for (var page = first; page < first + count; page++)
        {
            if ((_used[page >> 6] & (1UL << page)) != 0)
            {
                return false;
            }
        }

        for (var page = first; page < first + count; page++)
        {
            _used[page >> 6] |= 1UL << page;
        }

        Mappings++;
        return true;
    }

    /// <summary>Counts one mapping out; its pages, already the reservation again, stay used.</summary>
    public void Release() => Mappings--;

    /// <summary>Counts out a mapping that never existed (its mmap failed) and frees its pages: no pointer into them was ever handed out.</summary>
    public void Abandon(int first, int count)
    {
        for (var page = first; page < first + count; page++)
        {
            _used[page >> 6] &= ~(1UL << page);
        }

        Mappings--;
    }
}
