using Famfs.Errors;

namespace Famfs.Lifecycle;

/// <summary>A device range is held by a claim that conflicts with the mapping or claim asked for (EBUSY).</summary>
public sealed class DeviceRangeBusyException(string message)
    : FamfsException(Errno.EBUSY, message, "retry after the claim holding the range is released");
