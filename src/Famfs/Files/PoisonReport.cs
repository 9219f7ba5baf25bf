using Famfs.Lifecycle;

namespace Famfs.Files;

/// <summary>What <see cref="FamfsFileSystem.ReportMemoryFailure"/> did: the range, the files it made bad, and the revocation.</summary>
public sealed record PoisonReport(DeviceRange Range, IReadOnlyList<string> Files, RevocationReport Revocation);
