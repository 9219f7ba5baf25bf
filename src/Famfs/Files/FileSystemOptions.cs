using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Famfs.Files;

/// <summary>How to open a famfs file system.</summary>
public sealed record FileSystemOptions
{
    /// <summary>Open the device read-only: no creates, no writes to file data.</summary>
    public bool ReadOnly { get; init; }

    public CacheMode Cache { get; init; } = CacheMode.Auto;

    /// <summary>This host's identity; null: the system UUID recorded in /opt/famfs/system_uuid (created when missing).</summary>
    public Guid? SystemUuid { get; init; }

    /// <summary>Where this host keeps its run-time records of the file system (the poison ledger): /run/famfs unless moved (tests, unprivileged use).</summary>
    public string RunDirectory { get; init; } = Lifecycle.PoisonLedger.DefaultRunDirectory;

    /// <summary>Where the engine logs what it cannot report to a caller (an event handler that threw); default: nowhere.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>How often the log is polled while somebody waits for a path (<see cref="FamfsFileSystem.WaitForFileAsync"/>).</summary>
    public TimeSpan WatchPollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How often this process promises to write its heartbeat into the shared host registry (a
    /// mount: its poll interval). Its host counts as stale once the heartbeat is 3 × this + 2 s old.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>Ownership, permissions and placement of a new file or directory.</summary>
public sealed record CreateOptions
{
    /// <summary>Permission bits; null: 0644 for files, 0755 for directories.</summary>
    public UnixFileMode? Mode { get; init; }

    /// <summary>Owner; null: the process's effective uid (as of the file system's first create).</summary>
    public uint? Uid { get; init; }

    /// <summary>Group; null: the process's effective gid (as of the file system's first create).</summary>
    public uint? Gid { get; init; }

    /// <summary>Stripe the file (ignored for directories); null: one simple extent.</summary>
    public Allocation.InterleaveParameters? Interleave { get; init; }
}
