using Famfs.Interop;

namespace Famfs.Lifecycle;

/// <summary>
/// Makes revoked mappings inaccessible with as few mmap calls as possible. Each call replaces
/// a range in place (TLB shootdown included), so revoking 10,000 mappings one call each costs
/// tens of milliseconds; mappings that sit next to each other in virtual memory (the kernel
/// places successive small mmaps side by side) are replaced together, one call per run.
/// Only ranges we hold a reference on are ever covered, so a run never spans a hole or memory
/// somebody else mapped: a handle disposed concurrently simply ends the run.
/// </summary>
internal static class InaccessibleRuns
{
    private static readonly ulong PageSize = (ulong)Environment.SystemPageSize;

    public static void Replace(IReadOnlyList<MappingHandle> mappings)
    {
        var held = new List<(SafeMappingHandle Native, string Owner)>(mappings.Count);
        try
        {
            foreach (var mapping in mappings)
            {
                if (TryReference(mapping.Native))
                {
                    held.Add((mapping.Native, mapping.Owner));
                }
            }

            held.Sort((a, b) => a.Native.Address.CompareTo(b.Native.Address));
            var start = 0;
            for (var i = 1; i <= held.Count; i++)
            {
                if (i == held.Count || held[i].Native.Address != End(held[i - 1].Native))
                {
                    var first = held[start].Native.Address;
                    var what = i - start == 1 ? held[start].Owner : $"{i - start} adjacent mappings ({held[start].Owner}, ...)";
                    Mmap.ReplaceWithInaccessible(first, (ulong)(End(held[i - 1].Native) - first), what);
                    start = i;
                }
            }
        }
        finally
        {
            held.ForEach(entry => entry.Native.DangerousRelease());
        }
    }

    /// <summary>Where the mapping's pages end (mmap rounds lengths up to whole pages).</summary>
    private static nint End(SafeMappingHandle native) => native.Address + (nint)((native.Length + PageSize - 1) & ~(PageSize - 1));

    /// <summary>
    /// The reference keeps a concurrent Dispose from unmapping the range under us, which could
    /// otherwise let MAP_FIXED land on an address somebody else has mapped since.
    /// </summary>
    private static bool TryReference(SafeMappingHandle native)
    {
        var referenced = false;
        try
        {
            native.DangerousAddRef(ref referenced);
        }
        catch (ObjectDisposedException)
        {
            // Already unmapped by Dispose: nothing is left to make inaccessible.
        }

        return referenced;
    }
}
