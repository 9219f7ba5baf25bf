using Famfs.Errors;
using Famfs.Format;
using Famfs.Identity;

namespace Famfs.Shared;

/// <summary>
/// The host registry, <c>.famfs/hosts</c>: 256 slots, each written only by processes of the host
/// that holds it, so no lock spans hosts (docs/SHARED-STATE.md, "Host registry"). This process's
/// slot is <see cref="Slot"/> once it registered; read-only opens never register.
/// </summary>
internal sealed class HostRegistry(SharedAreaFile file, Guid masterUuid)
{
    /// <summary>Clock skew between hosts that a heartbeat may show without the host being stale.</summary>
    private static readonly TimeSpan SkewAllowance = TimeSpan.FromSeconds(2);

    private readonly Lock _lock = new();
    private readonly byte[] _lineSeen = new byte[SharedAreaLayout.LineSize];
    private HostIdentity? _registered;

    public SharedAreaFile File => file;

    /// <summary>This process's slot, or -1 before it registered.</summary>
    public int Slot { get; private set; } = -1;

    /// <summary>The incarnation this process registered (or joined) with; 0 before.</summary>
    public ulong Incarnation => _registered?.Incarnation ?? 0;

    public static ulong NowUnixMs() => (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>
    /// Takes this host's slot: joins it when it is live (same incarnation: another process of this
    /// host, such as its mount, keeps it), takes incarnation + 1 when it went stale, or claims the
    /// first unused slot probing from hash(uuid) % 256, re-reading it after a millisecond and
    /// moving on when a racing host took it. Writes the heartbeat and played position.
    /// </summary>
    /// <exception cref="FamfsException">ENOSPC: all 256 slots belong to other hosts.</exception>
    public void Register(Guid systemUuid, Role role, TimeSpan interval, ulong played)
    {
        lock (_lock)
        {
            var now = NowUnixMs();
            var found = FindSlot(systemUuid);
            if (found >= 0)
            {
                var (_, identity) = ReadIdentity(found);
                var progress = ReadProgress(found);
                _registered = IsLive(identity!, progress, now) ? identity : WriteIdentity(found, Identity(systemUuid, role, interval, identity!.Incarnation + 1, now));
                Slot = found;
            }
            else
            {
                Slot = Claim(systemUuid, role, interval, now);
            }

            WriteProgress(now, played);
            file.ReadFresh(SharedAreaLayout.HostSlotOffset(Slot), SharedAreaLayout.LineSize).CopyTo(_lineSeen);
        }
    }

    /// <summary>
    /// Writes the heartbeat and played position; first re-reads line A and registers again when
    /// the slot no longer holds this host (a host that went stale can find its slot re-taken).
    /// </summary>
    public void Heartbeat(ulong played)
    {
        if (_registered is not { } registered)
        {
            return;
        }

        // The common case, every poll: line A is byte for byte what this process last saw there
        // (decoding it costs more than the rest of the heartbeat).
        var line = file.ReadFresh(SharedAreaLayout.HostSlotOffset(Slot), SharedAreaLayout.LineSize);
        if (!line.SequenceEqual(_lineSeen))
        {
            if (SharedAreaCodec.DecodeIdentity(line).Identity?.SystemUuid != registered.SystemUuid)
            {
                Register(registered.SystemUuid, registered.Role == SharedHostRole.Master ? Role.Master : Role.Client,
                    TimeSpan.FromMilliseconds(registered.HeartbeatIntervalMs), played);
                return;
            }

            line.CopyTo(_lineSeen); // another process of this host registered it again: still ours
        }

        WriteProgress(NowUnixMs(), played);
    }

    /// <summary>The slot holding <paramref name="systemUuid"/>, or -1.</summary>
    public int FindSlot(Guid systemUuid)
    {
        for (var slot = 0; slot < SharedAreaLayout.HostSlotCount; slot++)
        {
            if (ReadIdentity(slot).Identity?.SystemUuid == systemUuid)
            {
                return slot;
            }
        }

        return -1;
    }

    /// <summary>Every registered host, and the master when it has no slot (never seen).</summary>
    public IReadOnlyList<FamfsHost> ReadAll()
    {
        var now = NowUnixMs();
        var hosts = new List<FamfsHost>();
        for (var slot = 0; slot < SharedAreaLayout.HostSlotCount; slot++)
        {
            if (ReadIdentity(slot).Identity is { } identity)
            {
                var progress = ReadProgress(slot);
                hosts.Add(new FamfsHost(slot, identity.SystemUuid, identity.Role == SharedHostRole.Master ? Role.Master : Role.Client,
                    identity.Incarnation, IsLive(identity, progress, now) ? HostState.Live : HostState.Stale,
                    TimeSpan.FromMilliseconds(now >= progress.HeartbeatUnixMs ? now - progress.HeartbeatUnixMs : 0), progress.Played));
            }
        }

        if (!hosts.Exists(host => host.SystemUuid == masterUuid))
        {
            hosts.Add(new FamfsHost(-1, masterUuid, Role.Master, 0, HostState.NeverSeen, null, 0));
        }

        return hosts;
    }

    public (HostLineState State, HostIdentity? Identity) ReadIdentity(int slot) =>
        SharedAreaCodec.DecodeIdentity(file.ReadFresh(SharedAreaLayout.HostSlotOffset(slot), SharedAreaLayout.LineSize));

    public HostProgress ReadProgress(int slot) =>
        SharedAreaCodec.DecodeProgress(file.ReadFresh(SharedAreaLayout.HostSlotOffset(slot) + SharedAreaLayout.ProgressOffset, SharedAreaLayout.LineSize));

    /// <summary>The offset of field <paramref name="fieldOffset"/> (a <see cref="SharedAreaLayout"/> offset) of this process's slot.</summary>
    public ulong OwnField(int fieldOffset) => Slot >= 0
        ? SharedAreaLayout.HostSlotOffset(Slot) + (ulong)fieldOffset
        : throw new FamfsException(Errno.EROFS, "this process has no slot in the shared host registry: it opened the file system read-only");

    // A slot claimed a moment ago has no heartbeat yet (it follows line A): its registration
    // counts as one, or another process of the host joining it then would take it for stale.
    private static bool IsLive(HostIdentity identity, HostProgress progress, ulong now) =>
        Math.Max(progress.HeartbeatUnixMs, identity.RegisteredUnixMs) + (3 * (ulong)identity.HeartbeatIntervalMs) + (ulong)SkewAllowance.TotalMilliseconds >= now;

    private static HostIdentity Identity(Guid systemUuid, Role role, TimeSpan interval, ulong incarnation, ulong now) => new(
        role == Role.Master ? SharedHostRole.Master : SharedHostRole.Client, systemUuid, incarnation, (uint)Environment.ProcessId,
        (uint)Math.Clamp(interval.TotalMilliseconds, 1, uint.MaxValue), now);

    private int Claim(Guid systemUuid, Role role, TimeSpan interval, ulong now)
    {
        var start = (int)((uint)systemUuid.GetHashCode() % SharedAreaLayout.HostSlotCount);
        for (var probe = 0; probe < SharedAreaLayout.HostSlotCount; probe++)
        {
            var slot = (start + probe) % SharedAreaLayout.HostSlotCount;
            var (state, holder) = ReadIdentity(slot);
            if (holder?.SystemUuid == systemUuid)
            {
                // Another process of this host claimed it since our FindSlot: one host, one slot.
                _registered = holder;
                return slot;
            }

            if (state != HostLineState.Unused)
            {
                continue;
            }

            var identity = WriteIdentity(slot, Identity(systemUuid, role, interval, 1, now));
            Thread.Sleep(1); // a host racing for the same slot has written its line by now
            if (ReadIdentity(slot).Identity?.SystemUuid == systemUuid)
            {
                _registered = identity;
                return slot;
            }
        }

        throw new FamfsException(Errno.ENOSPC,
            $"the shared host registry is full: all {SharedAreaLayout.HostSlotCount} slots belong to other hosts",
            "no more hosts can register with this file system");
    }

    private HostIdentity WriteIdentity(int slot, HostIdentity identity)
    {
        var offset = SharedAreaLayout.HostSlotOffset(slot);
        SharedAreaCodec.EncodeIdentity(identity, file.Write(offset, SharedAreaLayout.LineSize));
        file.WriteBack(offset, SharedAreaLayout.LineSize);
        return identity;
    }

    private void WriteProgress(ulong now, ulong played)
    {
        file.WriteWord(OwnField(SharedAreaLayout.PlayedOffset), played);
        file.WriteWord(OwnField(SharedAreaLayout.HeartbeatOffset), now);
    }
}
