using Famfs.Interop;

namespace Famfs.Namespace;

/// <summary>
/// Who asks for access: the uid and gid a permission check compares with a node's owner, and
/// the supplementary groups. The groups are fetched only when a check needs them (it costs a
/// system call or a /proc read, and most checks are settled by the owner, or by group and
/// other bits that agree).
/// </summary>
internal sealed class Caller
{
    private readonly Func<IReadOnlyCollection<uint>> _fetchGroups;
    private IReadOnlyCollection<uint>? _groups;

    /// <param name="supplementaryGroups">Fetches the supplementary group ids when first needed; null: none.</param>
    public Caller(uint uid, uint gid, Func<IReadOnlyCollection<uint>>? supplementaryGroups = null)
    {
        Uid = uid;
        Gid = gid;
        _fetchGroups = supplementaryGroups ?? (() => []);
    }

    /// <summary>The effective (file-system) uid.</summary>
    public uint Uid { get; }

    /// <summary>The effective (file-system) gid.</summary>
    public uint Gid { get; }

    /// <summary>uid 0, which passes read, write and search checks as CAP_DAC_OVERRIDE does.</summary>
    public bool IsRoot => Uid == 0;

    /// <summary>This process: its effective uid and gid and its supplementary groups.</summary>
    public static Caller Current() => new(Credentials.EffectiveUid(), Credentials.EffectiveGid(), Credentials.SupplementaryGroups);

    /// <summary>Whether <paramref name="gid"/> is the caller's group or one of its supplementary groups.</summary>
    public bool IsMember(uint gid) => gid == Gid || (_groups ??= _fetchGroups()).Contains(gid);

    public override string ToString() => $"uid {Uid} (gid {Gid})";
}
