using System.Runtime.InteropServices;

namespace Famfs.Lifecycle;

/// <summary>
/// One thread's read-side state: 0 outside a read section, otherwise the global epoch the
/// thread's outermost section started in. Padded to two cache lines so that readers on
/// different cores never write to the same line (no false sharing on the hot path).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal sealed class EpochSlot
{
    [FieldOffset(64)]
    public long Epoch;
}
