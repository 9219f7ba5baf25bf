namespace Famfs.Lifecycle;

/// <summary>
/// A user of a file that holds no mapping but must react to its revocation, e.g. a FUSE open
/// handle that drops the kernel's cached pages. Register with <see cref="AddressSpace.AddListener"/>.
/// </summary>
public interface IRevocationListener
{
    /// <summary>Called after the file's affected mappings are inaccessible. Must not throw; should be short.</summary>
    void OnRevoked(AddressSpace space, RevocationReason reason);
}
