using Famfs.Errors;
using Famfs.Format;
using Famfs.Lifecycle;
using Famfs.Namespace;
using Famfs.Shared;

namespace Famfs.Files;

// The shared host area (docs/SHARED-STATE.md): found at open, registered in on read-write opens,
// heartbeat at each refresh; generations bumped by every write path of the library.
public sealed partial class FamfsFileSystem
{
    private readonly List<string> _notes = [];

    /// <summary>The shared host area, or null when the file system has none (or an invalid one: see <see cref="Notes"/>).</summary>
    internal SharedArea? Shared { get; private set; }

    /// <summary>
    /// One-line notes about how this file system was opened that a user should hear about, such
    /// as a missing shared host area (the library prints nothing; its hosts decide where notes go).
    /// </summary>
    public IReadOnlyList<string> Notes
    {
        get
        {
            lock (_notes)
            {
                return [.. _notes];
            }
        }
    }

    /// <summary>
    /// The hosts of the shared registry with their state (live, stale heartbeat, never seen);
    /// empty when the file system has no shared host area.
    /// </summary>
    public IReadOnlyList<FamfsHost> Hosts => Shared?.Hosts.ReadAll() ?? [];

    /// <summary>
    /// Creates the shared host area (<c>.famfs/</c> with hosts, generations and poison, logged as
    /// ordinary MKDIR and FILE entries, mode 0755 and 0644) and registers this host in it. Master
    /// only (<see cref="NotMasterException"/> otherwise); nothing to do when it exists already.
    /// </summary>
    /// <exception cref="FamfsException">EEXIST: <c>.famfs</c> exists but is not a valid shared area (it is never overwritten).</exception>
    public void CreateSharedArea()
    {
        if (Shared is not null)
        {
            return;
        }

        Refresh();
        if (_tree.Find(SharedAreaLayout.Directory) is not null)
        {
            OpenSharedArea(); // another process of the master made it since we opened
            if (Shared is null)
            {
                throw new FamfsException(Errno.EEXIST,
                    $"{SharedAreaLayout.Directory} exists on {Device.Path} but is not a valid shared host area: {Notes[^1]}", "it is left as it is");
            }

            return;
        }

        var capacity = _metadata.Capacity;
        CreateAll(
            [
                NewEntry.Directory(SharedAreaLayout.Directory, 0x1ED), // 0755
                .. SharedArea.Files.Select(file => NewEntry.File(file.Path, SharedAreaLayout.FileSize(file.Kind, capacity, Superblock.UnitBytes), 0x1A4)), // 0644
            ]);
        SharedArea.Initialize(Device, _tree, Superblock, capacity, FlushCaches);
        Diagnostics.CrashPoint.Reach("shared.area-created"); // the area exists, the master has no slot yet: it shows never seen
        OpenSharedArea();
    }

    /// <summary>
    /// Makes what this host wrote into <paramref name="file"/> visible to every host: bumps its
    /// write generation (mounts then drop their cached pages of it). Nothing to do without a
    /// shared area. The bytes must be in memory already (written back on non-coherent memory).
    /// </summary>
    internal void PublishWrite(FsFile file)
    {
        if (Shared is { Hosts.Slot: >= 0 } shared)
        {
            shared.Generations.Bump(file.LogIndex);
        }
    }

    /// <summary>
    /// Writes this host's heartbeat and played log position into its registry slot (the mount's
    /// poll loop calls it every interval; opens and log refreshes call it too). Nothing to do
    /// without a shared area or on a read-only open.
    /// </summary>
    internal void Heartbeat()
    {
        try
        {
            Shared?.Hosts.Heartbeat(_tree.NextIndex);
        }
        catch (MappingRevokedException e)
        {
            LoseSharedArea(e.Message);
        }
    }

    /// <summary>Finds and maps the area (after the first log play), and registers on a read-write open.</summary>
    private void OpenSharedArea()
    {
        var (area, invalid) = SharedArea.Probe(Device, _tree, Superblock, _metadata.Capacity, FlushCaches);
        if (area is null)
        {
            Note(invalid is null
                ? $"no shared host area ({SharedAreaLayout.Directory}/) on {Device.Path}: hosts, write generations and shared poison are off until the master mounts it"
                : $"shared area invalid on {Device.Path} ({invalid}): hosts, write generations and shared poison are off; it is left as it is");
            return;
        }

        Shared = area;
        if (!Options.ReadOnly)
        {
            area.Hosts.Register(SystemUuid, Role, Options.HeartbeatInterval, _tree.NextIndex);
        }
    }

    /// <summary>A memory failure or a claim took the area's memory: carry on without it, and say so.</summary>
    private void LoseSharedArea(string why)
    {
        var area = Shared;
        Shared = null;
        area?.Dispose();
        Note($"shared area on {Device.Path} lost ({why}): hosts, write generations and shared poison are off");
    }

    private void Note(string note)
    {
        lock (_notes)
        {
            if (!_notes.Contains(note))
            {
                _notes.Add(note);
            }
        }
    }
}
