using System.Runtime.CompilerServices;
using Famfs.Devices;
using Famfs.Errors;
using Famfs.Interop;

namespace Famfs.Lifecycle;

/// <summary>
/// A lease on one live mapping of a device range, made for a file (<see cref="Space"/>) or as a
/// raw device view. One owner per handle; mapping the same range twice gives two handles.
/// Use the memory only through <see cref="Access"/>: a short read section that a revocation
/// waits for. After a revocation the virtual range is PROT_NONE and every access throws
/// <see cref="MappingRevokedException"/>.
/// </summary>
internal sealed partial class MappingHandle : IDisposable
{
    private const int Live = 0;
    private const int Revoked = 1;
    private const int Disposed = 2;

    /// <summary>Unmaps asked for inside a read section, which cannot wait for readers there.</summary>
    private static readonly GracePeriodQueue DeferredUnmaps = new();

    private readonly SafeMappingHandle _native;
    private int _state;
    private RevocationReason? _reason;

    private MappingHandle(string owner, DeviceIdentity device, DeviceRange range, bool writable,
        (SafeMappingHandle Native, nint Address) mapped, AddressSpace? space, DeviceClaim? claim)
    {
        Owner = owner;
        Device = device;
        Range = range;
        Writable = writable;
        _native = mapped.Native;
        Address = mapped.Address;
        Space = space;
        Claim = claim;
        Index = DeviceRangeIndex.For(device);
    }

    /// <summary>The file path, or the raw view's name, shown in errors.</summary>
    public string Owner { get; }

    public DeviceIdentity Device { get; }

    /// <summary>The mapped device bytes; offsets given to <see cref="MappingAccess"/> are relative to its start.</summary>
    public DeviceRange Range { get; }

    public bool Writable { get; }

    /// <summary>The file this mapping belongs to, or null for a raw device view.</summary>
    public AddressSpace? Space { get; }

    public bool IsRevoked => Volatile.Read(ref _state) == Revoked;

    public bool IsDisposed => Volatile.Read(ref _state) == Disposed;

    /// <summary>Why the mapping was revoked, or null while it is live.</summary>
    public RevocationReason? Revocation => Volatile.Read(ref _reason);

    internal nint Address { get; }

    internal DeviceRangeIndex Index { get; }

    /// <summary>The claim this mapping was made through (it may map inside its own claim), if any.</summary>
    internal DeviceClaim? Claim { get; }

    /// <summary>
    /// Enters a read section on this mapping. Dispose the result as soon as you are done with
    /// the spans it gave you (use <c>using</c>): a revocation waits for it, bounded.
    /// </summary>
    /// <exception cref="MappingRevokedException">the mapping was revoked.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public MappingAccess Access()
    {
        var section = ReaderEpoch.Enter();
        if (Volatile.Read(ref _state) != Live)
        {
            section.Dispose();
            ThrowUnusable();
        }

        return new MappingAccess(this, section);
    }

    /// <summary>
    /// Unregisters and unmaps. Waits for readers of other threads first, so their spans stay
    /// valid until they leave; inside a read section the unmap is deferred to a grace period.
    /// </summary>
    public void Dispose() => DisposeAll([this]);

    /// <summary>
    /// Disposes several mappings with one grace period for all of them (a file's extents):
    /// waiting for readers is the expensive part, and one wait covers every mapping.
    /// </summary>
    internal static void DisposeAll(IReadOnlyCollection<MappingHandle> mappings) =>
        DisposeAll(mappings, RevocationOptions.Default.ReaderDrainTimeout);

    /// <summary>
    /// <see cref="DisposeAll(IReadOnlyCollection{MappingHandle})"/> with an explicit bound on the
    /// wait for readers. The range is never unmapped while a reader may still be inside a read
    /// section on it: the kernel could hand the addresses to another mapping, and the stale
    /// reader would then read somebody else's data without any fault (LIFECYCLE §2). When the
    /// wait times out, the ranges become PROT_NONE (a stuck reader that touches them faults) and
    /// stay reserved; the unmap is deferred until the readers have left.
    /// </summary>
    internal static void DisposeAll(IReadOnlyCollection<MappingHandle> mappings, TimeSpan drainTimeout)
    {
        var unmaps = new List<(SafeMappingHandle Native, string Owner)>(mappings.Count);
        foreach (var mapping in mappings)
        {
            if (mapping.Unregister())
            {
                unmaps.Add((mapping._native, mapping.Owner));
            }
        }

        if (unmaps.Count == 0)
        {
            return;
        }

        if (ReaderEpoch.InReadSection)
        {
            DeferUnmaps(unmaps);
            return;
        }

        if (ReaderEpoch.Synchronize(drainTimeout))
        {
            unmaps.ForEach(entry => entry.Native.Dispose());
            return;
        }

        // A reader is still inside: make the ranges fault before anything else, then unmap only
        // after a full grace period (the deferred queue waits for the readers without a bound).
        // The replacement must happen before the unmap is queued: once queued, the unmap may run
        // at any time, and a MAP_FIXED after it could land on addresses somebody else mapped since.
        try
        {
            foreach (var (native, owner) in unmaps)
            {
                Mmap.ReplaceWithInaccessible(native.Address, native.Length, owner);
                native.MarkInaccessible();
            }
        }
        finally
        {
            DeferUnmaps(unmaps);
        }
    }

    private static void DeferUnmaps(List<(SafeMappingHandle Native, string Owner)> unmaps) =>
        DeferredUnmaps.Defer(() => unmaps.ForEach(entry => entry.Native.Dispose()));

    public override string ToString() => $"mapping of {Owner} {Range} on {Device}";

    /// <summary>
    /// Maps a range and registers it with its file and its device index. The native mapping may
    /// be larger (rounded out to the device's mapping granularity, see
    /// <see cref="MemoryDevice.MappingGranularity"/>); a revocation makes all of it inaccessible.
    /// </summary>
    internal static MappingHandle Create(MemoryDevice device, DeviceRange range, bool writable, string owner,
        AddressSpace? space, DeviceClaim? claim)
    {
        if (range.End > device.Size)
        {
            throw new FamfsException(Errno.EINVAL, $"range {range} is outside memory device {device.Path} ({device.Size} bytes)");
        }

        var mapped = device.MapRange(range.Offset, range.Length, writable, owner);
        var mapping = new MappingHandle(owner, device.Identity, range, writable, mapped, space, claim);
        try
        {
            space?.Attach(mapping);
            try
            {
                mapping.Index.Add(mapping);
            }
            catch
            {
                space?.Detach(mapping);
                throw;
            }
        }
        catch
        {
            mapped.Native.Dispose();
            throw;
        }

        return mapping;
    }

    /// <summary>Throws unless the mapping is live; call it inside a read section, after entering it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void ThrowIfUnusable()
    {
        if (Volatile.Read(ref _state) != Live)
        {
            ThrowUnusable();
        }
    }

    /// <summary>The native range, for revocations that replace several adjacent mappings in one call.</summary>
    internal SafeMappingHandle Native => _native;

    /// <summary>Marks the mapping revoked; false if it already was (or was disposed).</summary>
    internal bool TryRevoke(RevocationReason reason)
    {
        Interlocked.CompareExchange(ref _reason, reason, null);
        return Interlocked.CompareExchange(ref _state, Revoked, Live) == Live;
    }

    /// <summary>Marks the handle disposed and takes it out of its file, index and claim; false if it already was.</summary>
    private bool Unregister()
    {
        if (Interlocked.Exchange(ref _state, Disposed) == Disposed)
        {
            return false;
        }

        Space?.Detach(this);
        Index.Remove(this);
        Claim?.Forget(this);
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowUnusable()
    {
        if (Volatile.Read(ref _state) == Disposed)
        {
            throw new ObjectDisposedException(ToString());
        }

        throw new MappingRevokedException(Owner, Revocation!);
    }
}
