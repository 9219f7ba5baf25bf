using Famfs.Devices;
using Famfs.Format;
using Famfs.Lifecycle;
using Famfs.Shared;

namespace Famfs.Admin;

// The shared host area, read-only (docs/SHARED-STATE.md): an invalid area is a warning (the
// reference's fsck sees three ordinary files), each shared memory failure an error.
public static partial class Fsck
{
    /// <summary>Reports the shared poison list; returns the ranges the master cleared (they lift this host's ledger records too).</summary>
    private static IReadOnlyList<DeviceRange> CheckSharedArea(FsckReport report, MemoryDevice device, Superblock superblock, CheckedLog log, ulong logCapacity)
    {
        var (area, invalid) = SharedArea.Probe(device, log.SharedAreaTree, superblock, logCapacity, flushCaches: device.Kind == DeviceKind.DaxCharDevice);
        if (invalid is not null)
        {
            report.Warnings.Add($"shared area invalid ({invalid}): hosts, write generations and shared poison are off; it is left as it is");
        }

        if (area is null)
        {
            return [];
        }

        using var _ = area;
        var (records, damaged) = area.Poison.ReadAll();
        if (damaged > 0)
        {
            report.Warnings.Add($"{damaged} record(s) of the shared poison list ({SharedAreaLayout.PoisonPath}) fail their CRC and are ignored");
        }

        var state = area.Poison.Current();
        foreach (var range in state.Poisoned)
        {
            var reporters = records.Where(r => r.Record.Kind == SharedPoisonKind.Failure && new DeviceRange(r.Record.Offset, r.Record.Length).Overlaps(range))
                .Select(r => area.Hosts.ReadIdentity(r.Slot).Identity?.SystemUuid.ToString() ?? $"slot {r.Slot}")
                .Distinct();
            var files = FilesOver(log.Tree(), range);
            report.Poisoned.Add(new PoisonedRange(range, files));
            report.Errors.Add($"memory failure in {range} reported by host {string.Join(", ", reporters)} (shared poison list {SharedAreaLayout.PoisonPath}); " +
                (files.Count == 0 ? "no file is affected" : $"poisoned file(s): {string.Join(", ", files.Select(f => $"'{f}'"))}"));
        }

        return state.Cleared;
    }
}
