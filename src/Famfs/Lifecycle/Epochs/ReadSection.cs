using System.Runtime.CompilerServices;

namespace Famfs.Lifecycle;

/// <summary>
/// A read-side critical section (see <see cref="ReaderEpoch"/>). Leaving restores the epoch
/// the thread had before, so sections nest: only the outermost one publishes and clears.
/// </summary>
internal readonly ref struct ReadSection
{
    private readonly EpochSlot _slot;
    private readonly long _outer;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ReadSection(EpochSlot slot, long outer)
    {
        _slot = slot;
        _outer = outer;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Dispose() => Volatile.Write(ref _slot.Epoch, _outer);
}
