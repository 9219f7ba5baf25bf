using System.Diagnostics;

namespace Famfs.Cli.Tests.Mount.Support;

/// <summary>
/// A MAP_SHARED mapping of a file on a mount, held by another process (python3's mmap, so the
/// bytes are loaded from the mapping itself: no read(2) that could reach the daemon).
/// </summary>
internal static class SharedMapping
{
    // Maps the first page, closes the descriptor (only the mapping is left), prints the first
    // COUNT bytes, then re-reads the mapping every 10 ms until it holds WANT or SECONDS pass and
    // prints what it holds then.
    private const string WatchScript = """
        import mmap, os, sys, time
        path, want, seconds = sys.argv[1], sys.argv[2].encode(), float(sys.argv[3])
        fd = os.open(path, os.O_RDONLY)
        m = mmap.mmap(fd, 4096, flags=mmap.MAP_SHARED, prot=mmap.PROT_READ)
        os.close(fd)
        print(m[:len(want)].decode(), flush=True)
        end = time.monotonic() + seconds
        while m[:len(want)] != want and time.monotonic() < end:
            time.sleep(0.01)
        print(m[:len(want)].decode(), flush=True)
        """;

    // Stores TEXT at the start of the file through a shared writable mapping, then msync(MS_SYNC).
    private const string WriteScript = """
        import mmap, os, sys
        fd = os.open(sys.argv[1], os.O_RDWR)
        m = mmap.mmap(fd, 4096, flags=mmap.MAP_SHARED, prot=mmap.PROT_READ | mmap.PROT_WRITE)
        text = sys.argv[2].encode()
        m[:len(text)] = text
        m.flush()
        m.close()
        os.close(fd)
        """;

    /// <summary>
    /// Starts a process mapping <paramref name="path"/> shared that watches it for
    /// <paramref name="want"/> (for at most <paramref name="timeout"/>); returns it once it has
    /// read the mapping the first time, with what it read then.
    /// </summary>
    public static (Process Watcher, string First) Watch(MountRig rig, string path, string want, TimeSpan timeout)
    {
        var watcher = rig.StartHelper("python3", ["-c", WatchScript, path, want, timeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)], "/");
        return (watcher, ReadLine(watcher, timeout));
    }

    /// <summary>The watcher's last line: what the mapping held when it saw <c>want</c> or gave up.</summary>
    public static string Last(Process watcher, TimeSpan timeout) => ReadLine(watcher, timeout + TimeSpan.FromSeconds(5));

    /// <summary>Writes <paramref name="text"/> at the start of <paramref name="path"/> through a shared mapping and msyncs it.</summary>
    public static void WriteThrough(string path, string text) =>
        Shell.RunChecked("python3", ["-c", WriteScript, path, text], $"python3 writes {path} through a shared mapping");

    private static string ReadLine(Process process, TimeSpan timeout)
    {
        var line = process.StandardOutput.ReadLineAsync();
        Assert.True(line.Wait(timeout), $"the mapping process printed nothing within {timeout.TotalSeconds:0} s");
        return line.Result ?? throw new InvalidOperationException($"the mapping process ended early: {process.StandardError.ReadToEnd()}");
    }
}
