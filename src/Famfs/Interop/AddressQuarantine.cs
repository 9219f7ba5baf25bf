namespace Famfs.Interop;

/// <summary>
/// Keeps the addresses of released mappings out of use for a while. A raw span or pointer that
/// outlives its mapping (a revocation, a disposed file or file system) must fault, never read
/// what the kernel or a later mapping puts at the same addresses: another device's bytes, or
/// other bytes of this one. Released ranges are already inaccessible (PROT_NONE, no memory
/// behind them); here they stay reserved, first in first out, until more than
/// <see cref="MaxRanges"/> later releases or <see cref="MaxBytes"/> of them push them out. Only
/// then are their pages given back to their window (or unmapped). Address space is plentiful on
/// 64-bit; the count bound keeps the number of VMAs and of windows per device chunk small (a
/// range mapped again while its old addresses are held goes to another window).
/// </summary>
internal static class AddressQuarantine
{
    /// <summary>Released ranges held at most; each costs at most a VMA or two.</summary>
    public const int MaxRanges = 1024;

    /// <summary>Bytes of released address space held at most (of the 128 TiB a process has).</summary>
    public const ulong MaxBytes = 1UL << 40;

    private static readonly Lock Lock = new();
    private static readonly Queue<ReleasedRange> Held = new();
    private static ulong _heldBytes;

    /// <summary>Holds an inaccessible, released range; frees the oldest ones beyond the bounds.</summary>
    public static void Hold(nint address, ulong length, MappingWindow? window)
    {
        List<ReleasedRange>? expired = null;
        lock (Lock)
        {
            Held.Enqueue(new ReleasedRange(address, length, window));
            _heldBytes += length;
            while (Held.Count > MaxRanges || _heldBytes > MaxBytes)
            {
                var oldest = Held.Dequeue();
                _heldBytes -= oldest.Length;
                (expired ??= []).Add(oldest);
            }
        }

        expired?.ForEach(Free);
    }

    /// <summary>Frees every held range now (tests look at windows and VMAs after it).</summary>
    public static void FreeAll()
    {
        ReleasedRange[] all;
        lock (Lock)
        {
            all = [.. Held];
            Held.Clear();
            _heldBytes = 0;
        }

        Array.ForEach(all, Free);
    }

    private static void Free(ReleasedRange range)
    {
        if (range.Window is { } window)
        {
            MappingWindows.Vacate(window, range.Address, range.Length);
        }
        else
        {
            Libc.Munmap(range.Address, (nuint)range.Length);
        }
    }

    private readonly record struct ReleasedRange(nint Address, ulong Length, MappingWindow? Window);
}
