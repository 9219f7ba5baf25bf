namespace Famfs.Lifecycle;

/// <summary>What one revocation did.</summary>
/// <param name="MappingsRevoked">Mappings made inaccessible by this call (already revoked ones are not counted).</param>
/// <param name="ReadersDrained">False when the reader drain timed out and the mappings were replaced anyway.</param>
/// <param name="CallbackFailures">Exceptions thrown by subscribers or listeners; they never stop a revocation.</param>
public sealed record RevocationReport(int MappingsRevoked, bool ReadersDrained, IReadOnlyList<Exception> CallbackFailures)
{
    public static RevocationReport Nothing { get; } = new(0, true, []);
}
