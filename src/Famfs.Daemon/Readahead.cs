namespace Famfs.Daemon;

/// <summary>
/// Raises the kernel's readahead for the mount to 1 MiB (the FUSE default is 128 KiB), so a cold
/// sequential read becomes one 1 MiB request per MiB instead of eight 128 KiB ones. famfs data is
/// memory: reading ahead costs no I/O. Best effort: without sysfs nothing changes.
/// </summary>
internal static class Readahead
{
    private const int Kilobytes = 1024;

    public static void Raise(string mountPoint, DaemonLog log)
    {
        try
        {
            var device = File.ReadLines("/proc/self/mountinfo")
                .Select(line => line.Split(' '))
                .LastOrDefault(fields => fields.Length > 4 && fields[4] == mountPoint)?[2];
            var knob = $"/sys/class/bdi/{device}/read_ahead_kb";
            if (device is not null && File.Exists(knob))
            {
                File.WriteAllText(knob, Kilobytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.Warning($"could not raise readahead for {mountPoint}: {e.Message}");
        }
    }
}
