namespace Famfs.Interop;

/// <summary>
/// Keeps released address space out of use for a while. A raw span or pointer that outlives
/// its mapping (a revocation, a disposed file or file system) must fault, never read what the
/// kernel or a later mapping puts at the same addresses: another device's bytes, or other bytes
/// of this one. A released mapping is already inaccessible (PROT_NONE, no memory behind it) and
/// its window never maps those pages again; here retired windows and released mappings placed
/// alone stay reserved, first in first out, until more than <see cref="MaxRanges"/> later ones
/// or <see cref="MaxBytes"/> push them out, and only then are unmapped. Address space is
/// plentiful on 64-bit; a held range is one VMA.
/// </summary>
internal static class AddressQuarantine
{
    /// <summary>Ranges (retired windows, long mappings) held at most.</summary>
    public const int MaxRanges = 256;

    /// <summary>Bytes of address space held at most (of the 128 TiB a process has).</summary>
    public const ulong MaxBytes = 1UL << 40;

    private static readonly Lock Lock = new();
    private static readonly Queue<(nint Address, ulong Length)> Held = new();
    private static ulong _heldBytes;

    /// <summary>Holds an inaccessible, released range; unmaps the oldest ones beyond the bounds.</summary>
    public static void Hold(nint address, ulong length)
    {
        List<(nint Address, ulong Length)>? expired = null;
        lock (Lock)
        {
            Held.Enqueue((address, length));
            _heldBytes += length;
            while (Held.Count > MaxRanges || _heldBytes > MaxBytes)
            {
                var oldest = Held.Dequeue();
                _heldBytes -= oldest.Length;
                (expired ??= []).Add(oldest);
            }
        }

        expired?.ForEach(range => Libc.Munmap(range.Address, (nuint)range.Length));
    }

    /// <summary>Whether <paramref name="address"/> lies in a range held now (tests look at it).</summary>
    public static bool Holds(nint address)
    {
        lock (Lock)
        {
            return Held.Any(range => address >= range.Address && (ulong)(address - range.Address) < range.Length);
        }
    }
}
