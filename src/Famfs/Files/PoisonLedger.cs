using System.Globalization;
using System.Text;
using Famfs.Errors;
using Famfs.Lifecycle;
using Microsoft.Win32.SafeHandles;

namespace Famfs.Files;

/// <summary>
/// This host's record of memory failures reported on one file system, kept next to nothing on
/// the media (the device must stay byte-compatible with the reference famfs): the text file
/// <c>/run/famfs/FS-UUID/poison</c>, one "OFFSET LENGTH" line (decimal bytes) per report.
/// /run is a tmpfs, so the record lives as long as the host is up, like a mount would; other
/// processes (fsck, other file-system instances) read it. The directory is root-writable
/// (0755), the file 0644. FAMFS_RUN_DIR moves the root (tests, unprivileged experiments).
/// Lines are appended with O_APPEND, so concurrent reporters never overwrite each other.
/// </summary>
internal sealed class PoisonLedger
{
    public const string RunDirectoryVariable = "FAMFS_RUN_DIR";
    private const int O_WRONLY = 0x1;
    private const int O_CREAT = 0x40;
    private const int O_APPEND = 0x400;

    private readonly Lock _readLock = new();
    private long _consumed;

    private PoisonLedger(string path) => Path = path;

    public string Path { get; }

    public static string RunDirectory => Environment.GetEnvironmentVariable(RunDirectoryVariable) is { Length: > 0 } dir ? dir : "/run/famfs";

    public static PoisonLedger For(Guid fsUuid) => new(System.IO.Path.Combine(RunDirectory, fsUuid.ToString("D"), "poison"));

    /// <summary>Every recorded range, and a description of each line that is not one.</summary>
    public (IReadOnlyList<DeviceRange> Ranges, IReadOnlyList<string> Problems) ReadAll() => Parse(ReadFrom(0, out _));

    /// <summary>Ranges appended since the previous call (by any process). Thread-safe: the log poll and OpenFile both call it.</summary>
    public IReadOnlyList<DeviceRange> ReadNew()
    {
        lock (_readLock)
        {
            var text = ReadFrom(_consumed, out var complete);
            _consumed += complete;
            return Parse(text).Ranges;
        }
    }

    public void Record(DeviceRange range)
    {
        try
        {
            var directory = System.IO.Path.GetDirectoryName(Path)!;
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            var fd = Interop.Libc.Open(Path, O_WRONLY | O_CREAT | O_APPEND | Interop.Libc.O_CLOEXEC, 0x1A4 /* 0644 */);
            if (fd < 0)
            {
                throw Interop.NativeErrors.ForLastError($"open {Path}");
            }

            using var handle = new SafeFileHandle(fd, ownsHandle: true);
            // With O_APPEND, Linux appends whatever offset pwrite is given: each line lands whole at the end.
            RandomAccess.Write(handle, Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{range.Offset} {range.Length}\n")), 0);
        }
        catch (UnauthorizedAccessException)
        {
            throw new FamfsException(Errno.EACCES, $"no permission to record the memory failure in {Path}",
                $"run as root, or set {RunDirectoryVariable} to a directory you can write");
        }
        catch (IOException e)
        {
            throw new FamfsException(Errno.EIO, $"cannot record the memory failure in {Path}: {e.Message}", "check that /run is writable");
        }
    }

    /// <summary>The text from <paramref name="offset"/> up to the last complete line; <paramref name="complete"/> is its byte count.</summary>
    private string ReadFrom(long offset, out long complete)
    {
        complete = 0;
        if (!File.Exists(Path))
        {
            return string.Empty;
        }

        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (stream.Length <= offset)
        {
            return string.Empty;
        }

        stream.Position = offset;
        var bytes = new byte[stream.Length - offset];
        stream.ReadExactly(bytes);
        complete = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        return Encoding.ASCII.GetString(bytes, 0, (int)complete);
    }

    private (IReadOnlyList<DeviceRange> Ranges, IReadOnlyList<string> Problems) Parse(string text)
    {
        var ranges = new List<DeviceRange>();
        var problems = new List<string>();
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < lines.Length; i++)
        {
            var fields = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 2
                && ulong.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                && ulong.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                && length > 0 && offset + length > offset)
            {
                ranges.Add(new DeviceRange(offset, length));
            }
            else
            {
                problems.Add($"{Path}: '{lines[i]}' is not an 'OFFSET LENGTH' poison record");
            }
        }

        return (ranges, problems);
    }
}
