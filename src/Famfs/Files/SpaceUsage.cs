namespace Famfs.Files;

/// <summary>How much of the device is allocated, in allocation units (df and statfs show this).</summary>
public sealed record SpaceUsage(ulong Unit, ulong TotalUnits, ulong FreeUnits, int Files, int Directories);
