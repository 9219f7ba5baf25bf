using System.Globalization;
using System.Text;
using Famfs.Errors;
using Famfs.Interop;
using Microsoft.Win32.SafeHandles;

namespace Famfs.Lifecycle;

/// <summary>
/// This host's record of memory failures reported on one file system, kept next to nothing on
/// the media (the device must stay byte-compatible with the reference famfs): the text file
/// <c>/run/famfs/FS-UUID/poison</c>, one "OFFSET LENGTH" line (decimal bytes) per report, and
/// one "clear OFFSET LENGTH" line per range the master cleared (it lifts what came before it).
/// /run is a tmpfs, so the record lives as long as the host is up, like a mount would; other
/// processes (fsck, other file-system instances) read it. The directory is root-writable
/// (0755), the file 0644. <see cref="Files.FileSystemOptions.RunDirectory"/> moves the root (the
/// CLI and the daemon take it from FAMFS_RUN_DIR: tests, unprivileged experiments).
/// Lines are appended with O_APPEND, so concurrent reporters never overwrite each other.
/// </summary>
internal sealed class PoisonLedger
{
    public const string DefaultRunDirectory = "/run/famfs";

    /// <summary>The mode of the ledger's directory (and of other run-time files' directories): root-writable, readable by all.</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const string ClearWord = "clear";

    private readonly Lock _readLock = new();

    // Where ReadNew stopped: a byte offset into one particular ledger file. The ledger can be
    // removed (the documented way to clear it) and written again, so the offset is only
    // meaningful together with the inode it was taken in and while the file is at least that long.
    private long _consumed;
    private ulong? _inode;

    private PoisonLedger(string path) => Path = path;

    public string Path { get; }

    /// <summary>The ledger of file system <paramref name="fsUuid"/> under <paramref name="runDirectory"/> (normally <see cref="DefaultRunDirectory"/>).</summary>
    public static PoisonLedger For(string runDirectory, Guid fsUuid) => new(System.IO.Path.Combine(runDirectory, fsUuid.ToString("D"), "poison"));

    /// <summary>Every range poisoned now (the reports, minus the clears that followed them), and a description of each line that is not a record.</summary>
    public (IReadOnlyList<DeviceRange> Ranges, IReadOnlyList<string> Problems) ReadAll()
    {
        using var fd = OpenForRead();
        if (fd is null)
        {
            return ([], []);
        }

        var (_, length) = Stat(fd);
        var (entries, problems) = Parse(ReadCompleteLines(fd, 0, length, out _));
        IReadOnlyList<DeviceRange> ranges = [];
        foreach (var entry in entries)
        {
            ranges = entry.Cleared ? [.. ranges.SelectMany(range => range.Without(entry.Range))] : [.. ranges, entry.Range];
        }

        return (ranges, problems);
    }

    /// <summary>
    /// Ranges appended since the previous call (by any process). Thread-safe: the log poll and
    /// OpenFile both call it. When the ledger was removed or replaced since (another inode, or
    /// shorter than what was read), it starts again from the beginning of the new file.
    /// </summary>
    public IReadOnlyList<LedgerEntry> ReadNew()
    {
        lock (_readLock)
        {
            using var fd = OpenForRead();
            if (fd is null)
            {
                // No ledger (never written, or cleared by rm): the next one starts from scratch.
                _consumed = 0;
                _inode = null;
                return [];
            }

            var (inode, length) = Stat(fd);
            if (inode != _inode || length < _consumed || !FollowsLineEnd(fd, _consumed))
            {
                _consumed = 0;
                _inode = inode;
            }

            var text = ReadCompleteLines(fd, _consumed, length, out var complete);
            _consumed += complete;
            return Parse(text).Entries;
        }
    }

    public void Record(DeviceRange range) => Append(string.Create(CultureInfo.InvariantCulture, $"{range.Offset} {range.Length}\n"), "the memory failure");

    /// <summary>Records that the master lifted <paramref name="range"/>: the memory was repaired or replaced.</summary>
    public void RecordClear(DeviceRange range) => Append(string.Create(CultureInfo.InvariantCulture, $"{ClearWord} {range.Offset} {range.Length}\n"), "the clear");

    private void Append(string line, string what)
    {
        try
        {
            var directory = System.IO.Path.GetDirectoryName(Path)!;
            Directory.CreateDirectory(directory, DirectoryMode);
            var fd = Libc.Open(Path, OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_APPEND | OpenFlags.O_CLOEXEC,
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            if (fd < 0)
            {
                throw NativeErrors.ForLastError($"open {Path}");
            }

            using var handle = new SafeFileHandle(fd, ownsHandle: true);
            // With O_APPEND, Linux appends whatever offset pwrite is given: each line lands whole at the end.
            RandomAccess.Write(handle, Encoding.ASCII.GetBytes(line), 0);
        }
        catch (UnauthorizedAccessException)
        {
            throw new FamfsException(Errno.EACCES, $"no permission to record {what} in {Path}",
                $"run as root, or set FAMFS_RUN_DIR to a directory you can write");
        }
        catch (IOException e) when (e is not FamfsException)
        {
            throw new FamfsException(Errno.EIO, $"cannot record {what} in {Path}: {e.Message}", "check that /run is writable");
        }
    }

    /// <summary>The ledger opened for reading, or null when there is none (ENOENT/ENOTDIR: no records).</summary>
    /// <remarks>Opened first and then examined, never File.Exists then open: the file may be removed in between.</remarks>
    private SafeFileDescriptor? OpenForRead()
    {
        var fd = Libc.Open(Path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC, 0);
        if (fd >= 0)
        {
            return new SafeFileDescriptor(fd);
        }

        var errno = Libc.LastErrno;
        return errno is Errno.ENOENT or Errno.ENOTDIR ? null : throw NativeErrors.ForErrno(errno, $"open {Path}");
    }

    private (ulong Inode, long Length) Stat(SafeFileDescriptor fd)
    {
        if (Libc.Statx(fd.Fd, string.Empty, StatxFlags.AT_EMPTY_PATH, StatxMask.STATX_BASIC_STATS, out var st) != 0)
        {
            throw NativeErrors.ForLastError($"stat {Path}");
        }

        return (st.stx_ino, (long)st.stx_size);
    }

    /// <summary>Whether <paramref name="offset"/> is the start of a line (0, or just after a '\n'): a resume point that still fits the file.</summary>
    private static bool FollowsLineEnd(SafeFileDescriptor fd, long offset)
    {
        if (offset == 0)
        {
            return true;
        }

        Span<byte> last = stackalloc byte[1];
        return Libc.Pread(fd, last, offset - 1) == 1 && last[0] == (byte)'\n';
    }

    /// <summary>
    /// The text from <paramref name="offset"/> up to the last complete line ('\n'-terminated)
    /// before <paramref name="length"/>; <paramref name="complete"/> is its byte count. A line
    /// still being appended is left for the next call.
    /// </summary>
    private string ReadCompleteLines(SafeFileDescriptor fd, long offset, long length, out long complete)
    {
        complete = 0;
        if (length <= offset)
        {
            return string.Empty;
        }

        var bytes = new byte[length - offset];
        var filled = 0;
        while (filled < bytes.Length)
        {
            var n = Libc.Pread(fd, bytes.AsSpan(filled), offset + filled);
            if (n < 0)
            {
                throw NativeErrors.ForLastError($"read {Path}");
            }

            if (n == 0)
            {
                break; // truncated since the stat: use what is there
            }

            filled += (int)n;
        }

        complete = Array.LastIndexOf(bytes, (byte)'\n', filled == 0 ? 0 : filled - 1, filled) + 1;
        return Encoding.ASCII.GetString(bytes, 0, (int)complete);
    }

    private (IReadOnlyList<LedgerEntry> Entries, IReadOnlyList<string> Problems) Parse(string text)
    {
        var entries = new List<LedgerEntry>();
        var problems = new List<string>();
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < lines.Length; i++)
        {
            var fields = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var cleared = fields.Length == 3 && fields[0] == ClearWord;
            fields = cleared ? fields[1..] : fields;
            if (fields.Length == 2
                && ulong.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                && ulong.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                && length > 0 && offset + length > offset)
            {
                entries.Add(new LedgerEntry(new DeviceRange(offset, length), cleared));
            }
            else
            {
                problems.Add($"{Path}: '{lines[i]}' is not an 'OFFSET LENGTH' or 'clear OFFSET LENGTH' poison record");
            }
        }

        return (entries, problems);
    }
}

/// <summary>One line of the ledger: a memory failure reported, or a range the master cleared.</summary>
internal readonly record struct LedgerEntry(DeviceRange Range, bool Cleared);
