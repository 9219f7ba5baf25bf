namespace Famfs.Files;

/// <summary>How much of the device is allocated, in allocation units (df and statfs show this).</summary>
public sealed record SpaceUsage(long Unit, long TotalUnits, long FreeUnits, int Files, int Directories);
