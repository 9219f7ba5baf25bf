using Famfs.Errors;
using Famfs.Format;
using Famfs.Lifecycle;
using Famfs.Namespace;

namespace Famfs.Files;

// Address spaces, token events and claims: how the lifecycle core is reached from a file system.
public sealed partial class FamfsFileSystem
{
    /// <summary>
    /// This file system's events: <see cref="LifecycleToken.ForPath"/> of a relative path (as
    /// <see cref="FsNode.Path"/> spells it) gets Created when the path appears, created here or
    /// by any other process or host (while anybody subscribes to a path the log is polled every
    /// <see cref="FileSystemOptions.WatchPollInterval"/>); each file's
    /// <see cref="AddressSpace.Token"/> gets Revoked, Poisoned and Destroyed.
    /// </summary>
    public TokenEventRegistry Events { get; }

    /// <summary>The device-wide index of every mapping of this file system's device in this process.</summary>
    internal DeviceRangeIndex DeviceIndex => DeviceRangeIndex.For(Device);

    /// <summary>
    /// The lifecycle object of file <paramref name="path"/> in this instance (made on first use):
    /// it tracks every mapping made through <see cref="OpenFile"/>; add listeners (e.g. a FUSE open
    /// handle) to hear about revocations; <see cref="AddressSpace.Revoke"/> cuts off this file only.
    /// </summary>
    public AddressSpace GetAddressSpace(string path)
    {
        var node = Find(path);
        return node is FsFile file
            ? _spaces.For(file)
            : throw new FamfsException(node is null ? Errno.ENOENT : Errno.EISDIR,
                $"'{path}' is not a file in famfs file system {Superblock.FsUuid}");
    }

    /// <summary>
    /// Claims [range] of the device exclusively for <paramref name="claimant"/>: every mapping of
    /// it in this process (files of any instance, metadata views) is revoked, new ones are refused
    /// with EBUSY until the claim is disposed. Use <see cref="DeviceClaim.Map"/> to use the range.
    /// </summary>
    /// <exception cref="DeviceRangeBusyException">another claim holds part of the range.</exception>
    public DeviceClaim ClaimExclusive(DeviceRange range, string claimant = "FamfsFileSystem.ClaimExclusive")
    {
        RequireInsideDevice(range);
        return DeviceIndex.Claim(range, exclusive: true, claimant);
    }

    private FamfsFile OpenNode(FsFile file, bool writable)
    {
        ThrowIfPoisoned(file);
        return new FamfsFile(this, file, _spaces.For(file), writable);
    }

    private void RequireInsideDevice(DeviceRange range)
    {
        if (range.End > Device.Size)
        {
            throw new FamfsException(Errno.EINVAL, $"range {range} is outside memory device {Device.Path} ({Device.Size} bytes)",
                "give an offset and length inside the device");
        }
    }

    /// <summary>Announces the paths that log play just instantiated (outside the state lock: it runs token handlers).</summary>
    private void AnnouncePlayed(IReadOnlyList<PlayOutcome> outcomes)
    {
        // Nobody waits or subscribes to a path: nothing to announce, at no cost. A waiter that
        // enlists after this check finds the path in the tree, where play put it before we got
        // here (see WaitForFileAsync); a subscriber hears events published after it registered.
        if (!_watcher.HasWaiters)
        {
            return;
        }

        foreach (var outcome in outcomes)
        {
            if (outcome.Problem is null && outcome.Record.Entry is FileEntry or MkdirEntry && _tree.Find(EntryPath(outcome.Record.Entry)) is { } node)
            {
                _pathTokens.Announce(node);
            }
        }
    }

    private static string EntryPath(LogEntry entry) => entry switch
    {
        FileEntry file => file.Path,
        MkdirEntry dir => dir.Path,
        _ => throw new ArgumentOutOfRangeException(nameof(entry)),
    };
}
