using System.Diagnostics;
using System.Runtime.InteropServices;
using Famfs.Fuse.Interop;

namespace Famfs.Fuse;

/// <summary>
/// One mounted file system: owns the libfuse session, serves it with libfuse's
/// multi-threaded loop on a dedicated thread, and unmounts on <see cref="Dispose"/>.
///
/// Stopping is bounded: libfuse 3.14's loop only looks at its exit flag between requests,
/// with every worker blocked in read(/dev/fuse). <see cref="Unmount"/> sets the flag
/// (fuse_session_exit) and then provokes one request itself — a statvfs of the mount point,
/// which the kernel never answers from cache — from a throw-away thread. The worker that
/// serves it sees the flag and leaves; the loop then cancels the workers still blocked in
/// read (libfuse only enables cancellation around that read, so no managed frame is ever
/// unwound) and returns. Only then are /dev/fuse closed and the mount detached
/// (fuse_session_unmount), the session destroyed and the GCHandle freed. This works even if
/// the mount is busy (open files, a shell's cwd), where a lazy unmount alone would leave the
/// workers waiting.
/// </summary>
public sealed class FuseMount : IDisposable
{
    private readonly SafeFuseSessionHandle _session;
    private readonly GCHandle _context;
    private readonly Thread _loop;
    private readonly int _maxThreads;
    private readonly TimeSpan _unmountTimeout;
    private readonly FuseLog _log;
    private readonly TaskCompletionSource<int> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private readonly Lock _teardown = new();

    // Kernel notifications (InvalidateInode/Entry) come from other threads (the poison sync of
    // the log poll, control requests) and may race with shutdown. They run under _notifyGate and
    // only while _stopping is false; Stop sets _stopping before anything is torn down, and
    // Release takes the gate before closing /dev/fuse and destroying the session, so no
    // notification can use a closed fd or a freed fuse_session*.
    private readonly Lock _notifyGate = new();
    private bool _stopping;
    private bool? _unmounted;
    private bool _loopReturned;
    private bool _abandoned;

    private FuseMount(SafeFuseSessionHandle session, GCHandle context, string mountPoint, FuseMountOptions options)
    {
        _session = session;
        _context = context;
        MountPoint = mountPoint;
        _maxThreads = options.MaxThreads;
        _unmountTimeout = options.UnmountTimeout;
        _log = new FuseLog(options.Log);
        _loop = new Thread(RunLoop) { Name = "fuse-session-loop", IsBackground = true };
    }

    public string MountPoint { get; }

    /// <summary>
    /// Completes with the loop's result (0, or -errno) when the session loop returns: after
    /// <see cref="Unmount"/>, or when someone else unmounted (fusermount3 -u, umount).
    /// Dispose the mount afterwards either way.
    /// </summary>
    public Task<int> Completion => _completion.Task;

    /// <summary>Mounts <paramref name="fileSystem"/> at <paramref name="mountPoint"/> (an existing directory) and starts serving it.</summary>
    public static FuseMount Mount(IFuseFileSystem fileSystem, string mountPoint, FuseMountOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        NativePlatform.EnsureSupported();
        options ??= new FuseMountOptions();
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(mountPoint));
        if (!Directory.Exists(target))
        {
            throw new FuseException(Errno.ENOENT, $"mount point {target} is not a directory", "create it first");
        }

        if (MountInfo.TypeAt(target) is { } existing)
        {
            // Mounting over a live (or dead) mount hides it; that is never what was meant.
            throw new FuseException(Errno.EBUSY, $"{target} already has a {existing} mount", $"unmount it first (fusermount3 -u {target})");
        }

        var context = GCHandle.Alloc(new MountContext(fileSystem, options));
        SafeFuseSessionHandle? session = null;
        try
        {
            session = SafeFuseSessionHandle.Create(options, GCHandle.ToIntPtr(context));
            if (Libfuse.SessionMount(session.Session, target) != 0)
            {
                throw new FuseException(Errno.EIO, $"cannot mount FUSE at {target} (libfuse printed why above)",
                    "check that /dev/fuse exists, that you are root, and that nothing is mounted there");
            }

            var mount = new FuseMount(session, context, target, options);
            mount._loop.Start();
            return mount;
        }
        catch
        {
            session?.Dispose();
            context.Free();
            throw;
        }
    }

    /// <summary>
    /// Drops cached data of <paramref name="inode"/> in [offset, offset + length) (length 0 = to the end;
    /// a negative offset drops attributes only). False if the kernel did not have the inode.
    /// Never call it from inside a request on the same inode: the kernel may wait for that request.
    /// </summary>
    public bool InvalidateInode(ulong inode, long offset = 0, long length = 0)
    {
        int result;
        lock (_notifyGate)
        {
            result = Libfuse.NotifyInvalInode(LiveSession, inode, offset, length);
        }

        return Notify(result, $"invalidate inode {inode}");
    }

    /// <summary>Drops the cached entry <paramref name="name"/> in <paramref name="parent"/>. False if the kernel did not have it.</summary>
    public bool InvalidateEntry(ulong parent, string name)
    {
        var bytes = NativeConversions.EncodeCString(name);
        int result;
        lock (_notifyGate)
        {
            result = Libfuse.NotifyInvalEntry(LiveSession, parent, bytes, (nuint)(bytes.Length - 1));
        }

        return Notify(result, $"invalidate entry {name} in {parent}");
    }

    /// <summary>
    /// Stops serving and removes the mount, waiting at most <paramref name="timeout"/> for the
    /// loop. Returns false if the loop did not return in time (a handler is stuck): the mount
    /// is then detached and its connection cut (see <see cref="ConnectionSever"/>), and the
    /// session is released by the loop thread whenever the stuck handler returns.
    /// </summary>
    public bool Unmount(TimeSpan timeout)
    {
        lock (_gate)
        {
            return _unmounted ??= Stop(timeout);
        }
    }

    public void Dispose() => Unmount(_unmountTimeout);

    /// <summary>The session, for a notification; only under <see cref="_notifyGate"/>.</summary>
    private nint LiveSession
    {
        get
        {
            Debug.Assert(_notifyGate.IsHeldByCurrentThread, "notifications run under the notify gate");
            ObjectDisposedException.ThrowIf(_stopping, this);
            return _session.Session;
        }
    }

    private void RunLoop()
    {
        var config = Libfuse.LoopConfigCreate();
        int result = 0;
        Exception? error = null;
        try
        {
            if (config == 0)
            {
                throw new FuseException(Errno.ENOMEM, "fuse_loop_cfg_create failed");
            }

            Libfuse.LoopConfigSetMaxThreads(config, (uint)_maxThreads);
            // One shared /dev/fuse fd: cloned fds would each need their own wake-up.
            Libfuse.LoopConfigSetCloneFd(config, 0);
            result = Libfuse.SessionLoopMt312(_session.Session, config);
        }
        catch (Exception e)
        {
            // Nothing may escape a thread's start method: it would take the process down.
            error = e;
        }
        finally
        {
            if (config != 0)
            {
                Libfuse.LoopConfigDestroy(config);
            }
            lock (_teardown)
            {
                _loopReturned = true;
                if (_abandoned)
                {
                    // Stop gave up on us earlier; now that no libfuse thread is left, finish its job.
                    Release(unmount: false);
                }
            }

            _ = error is null ? _completion.TrySetResult(result) : _completion.TrySetException(error);
        }
    }

    private bool Stop(TimeSpan timeout)
    {
        // Refuse new notifications from here on. Not under the gate: a notification in flight
        // may wait in the kernel for a request, which must be able to finish for the loop to
        // stop; Release waits for it once no request can be running any more.
        Volatile.Write(ref _stopping, true);
        if (!_completion.Task.IsCompleted)
        {
            Libfuse.SessionExit(_session.Session);
            LoopWakeUp.Provoke(MountPoint);
        }

        _loop.Join(timeout);
        lock (_teardown)
        {
            if (!_loopReturned)
            {
                _log.Write($"the session loop of {MountPoint} did not stop within {timeout.TotalSeconds:0.#} s (a request handler is stuck); cutting the connection");
                ConnectionSever.Sever(_session.Session, MountPoint, _log);
                _abandoned = true;
                return false;
            }
        }

        Release(unmount: true);
        return true;
    }

    /// <summary>Only once the loop has returned: no libfuse thread can use the session or the context any more.</summary>
    private void Release(bool unmount)
    {
        lock (_notifyGate)
        {
            // Waits for a notification in flight; none starts after this.
            _stopping = true;
        }

        if (unmount)
        {
            // Closes /dev/fuse (which ends the connection) and detaches the mount.
            Libfuse.SessionUnmount(_session.Session);
        }

        _session.Dispose();
        _context.Free();
    }

    /// <summary>True if the kernel had what was invalidated (0), false if not (-ENOENT); other errors throw.</summary>
    private static bool Notify(int result, string what) =>
        result != -(int)Errno.ENOENT && NativeResult.CheckNegated(result, what) == 0;
}
