namespace Famfs.Lifecycle;

/// <summary>
/// The one revocation sequence, used by file revokes, claims, memory failures and destroys:
/// mark, invalidate-start, wait for readers (one grace period for the whole batch), replace
/// with PROT_NONE, invalidate-end, tell listeners and token subscribers. Mappings another
/// revocation marked first are waited for until that one has replaced them, so whoever returns
/// from a revocation may assume every mapping it covered is unusable. No lock is held while
/// any of it runs, so callbacks may call back into the lifecycle API.
/// </summary>
internal static class Revoker
{
    public static RevocationReport Revoke(IReadOnlyCollection<MappingHandle> candidates, IReadOnlyList<InvalidationTarget> targets,
        RevocationReason reason, RevocationOptions options)
    {
        ReaderEpoch.ThrowIfInReadSection("revoke mappings");
        var revoked = new List<MappingHandle>(candidates.Count);
        List<MappingHandle>? markedByOthers = null;
        foreach (var mapping in candidates)
        {
            if (mapping.TryRevoke(reason))
            {
                revoked.Add(mapping);
            }
            else if (mapping.IsRevoked)
            {
                (markedByOthers ??= []).Add(mapping);
            }
        }

        var failures = new List<Exception>();

        foreach (var target in targets)
        {
            target.Space.InvalidateStart(target.Extents, reason, failures);
        }

        // Nothing was mapped: no reader can be using it, so no grace period (destroying the
        // spaces of thousands of closed files must not cost one process-wide barrier each).
        var drained = revoked.Count == 0 || ReaderEpoch.Synchronize(options.ReaderDrainTimeout);

        InaccessibleRuns.Replace(revoked);
        DeviceRangeIndex.RemoveAll(revoked);
        drained &= markedByOthers is null || ReplacementGate.WaitUntilReplaced(markedByOthers, options.ReaderDrainTimeout);

        foreach (var target in targets)
        {
            target.Space.InvalidateEnd(target.Extents, reason, failures);
            target.Space.AnnounceRevocation(reason, failures);
        }

        return new RevocationReport(revoked.Count, drained, failures);
    }
}
