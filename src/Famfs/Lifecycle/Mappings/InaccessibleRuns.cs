using Famfs.Interop;

namespace Famfs.Lifecycle;

/// <summary>
/// Makes revoked mappings inaccessible with as few mmap calls as possible. Each call replaces
/// a range in place (TLB shootdown included), so revoking 10,000 mappings one call each costs
/// tens of milliseconds; mappings that sit next to each other in virtual memory (mappings
/// of neighbouring device bytes are placed side by side, see MappingWindows) are replaced
/// together, one call per run.
/// Only ranges we hold a reference on are ever covered, so a run never spans a hole or memory
/// somebody else mapped: a handle disposed concurrently simply ends the run.
/// </summary>
internal static class InaccessibleRuns
{
    private static readonly ulong PageSize = (ulong)Environment.SystemPageSize;

    public static void Replace(List<MappingHandle> mappings)
    {
        var held = new List<SafeMappingHandle>(mappings.Count);
        try
        {
            foreach (var run in Coalesce(ReferenceInRuns(mappings, held)))
            {
                var what = run.Count == 1 ? run.Owner : $"{run.Count} adjacent mappings ({run.Owner}, ...)";
                Mmap.ReplaceWithInaccessible(run.Start, (ulong)(run.End - run.Start), what);
            }

            held.ForEach(native => native.MarkInaccessible());
        }
        finally
        {
            held.ForEach(native => native.DangerousRelease());
            ReplacementGate.Announce();
        }
    }

    /// <summary>
    /// Takes a reference on every mapping that is still mapped (adding it to <paramref name="held"/>)
    /// and groups them into runs. Kept apart from <see cref="Replace"/> so that the loop, which the
    /// JIT compiles on the fly when it runs thousands of times, is a small method.
    /// </summary>
    private static List<Run> ReferenceInRuns(List<MappingHandle> mappings, List<SafeMappingHandle> held)
    {
        var runs = new List<Run>();
        foreach (var mapping in mappings)
        {
            var native = mapping.Native;
            if (TryReference(native))
            {
                held.Add(native);
                Append(runs, native.Address, End(native), mapping.Owner, 1);
            }
        }

        return runs;
    }

    /// <summary>
    /// Grows the last run when the mapping touches either end of it, else starts a new run.
    /// Mappings usually arrive in the order they were made, each placed right after (or, by the
    /// kernel's top-down placement, right below) the previous: this finds the runs in one pass,
    /// without sorting thousands of mappings.
    /// </summary>
    private static void Append(List<Run> runs, nint start, nint end, string owner, int count)
    {
        if (runs.Count == 0 || !runs[^1].TryAbsorb(start, end, count))
        {
            runs.Add(new Run(start, end, owner, count));
        }
    }

    /// <summary>Sorts the runs by address and joins the ones that touch (mappings that arrived out of order).</summary>
    private static List<Run> Coalesce(List<Run> runs)
    {
        runs.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        var joined = new List<Run>(runs.Count);
        foreach (var run in runs)
        {
            Append(joined, run.Start, run.End, run.Owner, run.Count);
        }

        return joined;
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

    /// <summary>
    /// [Start, End) of virtual memory covering <see cref="Count"/> whole mappings, the first of
    /// which <see cref="Owner"/> names. A class, not a struct: sorting a list of a reference type
    /// runs the runtime's shared, precompiled code, where a struct would be JIT-compiled on the
    /// first revocation of a process.
    /// </summary>
    private sealed class Run(nint start, nint end, string owner, int count)
    {
        public nint Start { get; private set; } = start;

        public nint End { get; private set; } = end;

        public string Owner { get; } = owner;

        public int Count { get; private set; } = count;

        /// <summary>Grows the run by [start, end) if it touches either end.</summary>
        public bool TryAbsorb(nint start, nint end, int count)
        {
            if (start == End)
            {
                End = end;
            }
            else if (end == Start)
            {
                Start = start;
            }
            else
            {
                return false;
            }

            Count += count;
            return true;
        }
    }
}
